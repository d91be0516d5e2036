//! TypeScript declarations of the types the desktop UI receives, generated from the Rust types.
//!
//! `ui/src/types.d.ts` is written from [`declarations`]; a test fails when the file on disk is
//! out of date, so the UI's JSDoc types never drift from what Rust sends.

use ts_rs::{Config, TS};

/// The generated file's text.
pub fn declarations() -> String {
    let cfg = Config::default();
    let mut out = String::from(
        "// Generated from the Rust types by `cargo test` (see src/types.rs). Do not edit.\n\n",
    );
    let decls = [
        crate::error::ErrorCode::decl(&cfg),
        crate::error::Error::decl(&cfg),
        crate::model::Format::decl(&cfg),
        crate::model::Issuer::decl(&cfg),
        crate::model::Recipient::decl(&cfg),
        crate::model::Alignment::decl(&cfg),
        crate::model::Achievement::decl(&cfg),
        crate::model::Evidence::decl(&cfg),
        crate::model::ResultEntry::decl(&cfg),
        crate::model::Credential::decl(&cfg),
        crate::recipient::RecipientStatus::decl(&cfg),
        crate::recipient::Identity::decl(&cfg),
        crate::import::Association::decl(&cfg),
        crate::wallet::SnapshotInfo::decl(&cfg),
        crate::wallet::CredentialSummary::decl(&cfg),
        crate::wallet::OriginalInfo::decl(&cfg),
        crate::wallet::CredentialDetail::decl(&cfg),
        crate::wallet::Outcome::decl(&cfg),
        crate::wallet::FileReport::decl(&cfg),
        crate::wallet::IdConflict::decl(&cfg),
        crate::standing::LeftOut::decl(&cfg),
        crate::wallet::ImportReport::decl(&cfg),
        crate::wallet::Progress::decl(&cfg),
        crate::wallet::Settings::decl(&cfg),
        crate::library::SortKey::decl(&cfg),
        crate::library::Validity::decl(&cfg),
        crate::library::VerdictFilter::decl(&cfg),
        crate::library::SearchQuery::decl(&cfg),
        crate::library::SearchHit::decl(&cfg),
        crate::portfolio::PortfolioSummary::decl(&cfg),
        crate::portfolio::PortfolioEntry::decl(&cfg),
        crate::portfolio::Section::decl(&cfg),
        crate::portfolio::Portfolio::decl(&cfg),
        crate::portfolio::goal::Requirement::decl(&cfg),
        crate::portfolio::goal::Goal::decl(&cfg),
        crate::portfolio::goal::CredentialRef::decl(&cfg),
        crate::portfolio::goal::RequirementProgress::decl(&cfg),
        crate::portfolio::goal::GoalProgress::decl(&cfg),
        crate::portfolio::stacks::StackKind::decl(&cfg),
        crate::portfolio::stacks::StackMember::decl(&cfg),
        crate::portfolio::stacks::DetectedStack::decl(&cfg),
        crate::skills::EvidenceSource::decl(&cfg),
        crate::skills::FrameworkCode::decl(&cfg),
        crate::skills::SkillEvidence::decl(&cfg),
        crate::skills::Skill::decl(&cfg),
        crate::skills::prep::TalkingPoint::decl(&cfg),
        crate::skills::prep::PrepSkill::decl(&cfg),
        crate::skills::prep::PrepSummary::decl(&cfg),
        crate::skills::posting::MatchedSkill::decl(&cfg),
        crate::skills::posting::RankedCredential::decl(&cfg),
        crate::skills::posting::PostingMatch::decl(&cfg),
        crate::verify::CheckName::decl(&cfg),
        crate::verify::CheckStatus::decl(&cfg),
        crate::verify::Verdict::decl(&cfg),
        crate::verify::Reason::decl(&cfg),
        crate::verify::Check::decl(&cfg),
        crate::verify::Report::decl(&cfg),
        crate::verify::Tone::decl(&cfg),
        crate::verify::Label::decl(&cfg),
        crate::verify::history::Verification::decl(&cfg),
        crate::export::linkedin::Certification::decl(&cfg),
        crate::wallet::dump::RestoreConflict::decl(&cfg),
        crate::backup::RestoreReport::decl(&cfg),
    ];
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out
}
