//! Cairn's integration tests: one binary, one module per area, over real SQLite files.

mod cli;
mod common;
mod conformance_fixtures;
mod conformance_rdfc;
mod conformance_w3c;
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
mod security_crash;
mod security_fuzz;
mod security_hostile;
mod security_ssrf;
mod security_tamper;
mod skills;
mod verify;
mod verify_cli;
mod verify_jose;
mod wallet;
