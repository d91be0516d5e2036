//! Cairn's integration tests: one binary, one module per area, over real SQLite files.

mod backup;
mod cli;
mod common;
mod conformance_fixtures;
mod conformance_rdfc;
mod conformance_w3c;
mod export;
mod export_presentation;
mod export_support;
mod generated_types;
mod import_cli;
mod import_conformance;
mod import_formats;
mod import_hostile;
mod import_network;
mod migrations;
mod net;
mod portfolio;
mod portfolio_cli;
mod portfolio_fixture;
mod skills;
mod verify;
mod verify_cli;
mod verify_jose;
mod wallet;
