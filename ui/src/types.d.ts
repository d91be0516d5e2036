// Generated from the Rust types by `cargo test` (see src/types.rs). Do not edit.

export type ErrorCode = "not_found" | "ambiguous" | "unsupported_format" | "invalid_input" | "too_large" | "duplicate" | "io" | "storage" | "network" | "forbidden" | "internal" | "wrong_passphrase";

export type Error = { 
/**
 * What kind of failure this is.
 */
code: ErrorCode, 
/**
 * A complete sentence naming the file or item and the problem.
 */
message: string, };

export type Format = "ob05-json" | "ob1-json" | "ob2-json" | "ob2-jws" | "ob2-baked-png" | "ob2-baked-svg" | "ob3-json" | "ob3-jwt" | "ob3-baked-png" | "ob3-baked-svg" | "clr2-json" | "clr2-jwt" | "vc-json" | "vc-jwt";

export type Issuer = { 
/**
 * The issuer's identifier (URL or DID), when given.
 */
id: string | null, 
/**
 * The issuer's display name.
 */
name: string | null, 
/**
 * The issuer's home page.
 */
url: string | null, 
/**
 * The issuer's image (a URL or `data:` URI).
 */
image: string | null, 
/**
 * The issuer's contact e-mail address.
 */
email: string | null, };

export type Recipient = { 
/**
 * What kind of identity it is: `email`, `url`, `telephone`, `did`, ...
 */
kind: string, 
/**
 * The identity, or its hash (`sha256$...`, `md5$...`) when `hashed`.
 */
identity: string, 
/**
 * Whether `identity` is a salted or unsalted hash.
 */
hashed: boolean, 
/**
 * The salt used for hashing, if any.
 */
salt: string | null, 
/**
 * The recipient's name, when the credential states it.
 */
name: string | null, };

export type Alignment = { 
/**
 * Name of the skill or standard.
 */
target_name: string, 
/**
 * URL of the skill or standard.
 */
target_url: string | null, 
/**
 * Description of the skill or standard.
 */
target_description: string | null, 
/**
 * The framework it belongs to (ESCO, O*NET, ...).
 */
target_framework: string | null, 
/**
 * The code of the skill inside its framework.
 */
target_code: string | null, };

export type Achievement = { 
/**
 * The achievement's identifier (URL or URN), when given.
 */
id: string | null, 
/**
 * The achievement's name.
 */
name: string | null, 
/**
 * The achievement's type (`Badge`, `Certificate`, `Course`, ...).
 */
achievement_type: string | null, 
/**
 * The achievement's description.
 */
description: string | null, 
/**
 * How the achievement is earned, in words.
 */
criteria_narrative: string | null, 
/**
 * A page describing the criteria.
 */
criteria_url: string | null, 
/**
 * Skills, competencies or standards the achievement aligns to.
 */
alignments: Array<Alignment>, 
/**
 * Free-form tags.
 */
tags: Array<string>, 
/**
 * The achievement's image (a URL or `data:` URI).
 */
image: string | null, };

export type Evidence = { 
/**
 * Where the evidence can be seen.
 */
id: string | null, 
/**
 * The evidence's name.
 */
name: string | null, 
/**
 * A narrative of what was done.
 */
narrative: string | null, 
/**
 * A description of the evidence.
 */
description: string | null, };

export type ResultEntry = { 
/**
 * What was measured, when named.
 */
name: string | null, 
/**
 * The value obtained.
 */
value: string | null, 
/**
 * The status (`Completed`, `Passed`, ...), when stated.
 */
status: string | null, };

export type Credential = { 
/**
 * The title shown to the learner (usually the achievement's name).
 */
title: string, 
/**
 * A description of the credential or achievement.
 */
description: string | null, 
/**
 * Who issued it.
 */
issuer: Issuer, 
/**
 * Who it was issued to, as stated.
 */
recipient: Recipient | null, 
/**
 * When it was issued (RFC 3339).
 */
issued_on: string | null, 
/**
 * From when it is valid (RFC 3339).
 */
valid_from: string | null, 
/**
 * Until when it is valid (RFC 3339).
 */
valid_until: string | null, 
/**
 * What was achieved.
 */
achievement: Achievement, 
/**
 * Evidence attached to the credential.
 */
evidence: Array<Evidence>, 
/**
 * Results obtained.
 */
results: Array<ResultEntry>, 
/**
 * The format it was found in.
 */
format: Format, 
/**
 * The credential's own identifier (its `id`), when it has one.
 */
credential_id: string | null, 
/**
 * The credential's JSON types (`OpenBadgeCredential`, `Assertion`, ...).
 */
types: Array<string>, };

export type RecipientStatus = "yours" | "someone_else" | "unknown";

export type Identity = { 
/**
 * `email`, `url`, `did` or `telephone`.
 */
kind: string, 
/**
 * The identity as the learner typed it.
 */
value: string, };

export type Association = { 
/**
 * The kind of link, as the CLR states it (`isParentOf`, `isChildOf`, `precedes`, ...).
 */
association_type: string, 
/**
 * The achievement the link starts from (its id).
 */
source_id: string, 
/**
 * The achievement the link points to (its id).
 */
target_id: string, };

export type SnapshotInfo = { 
/**
 * `hosted-assertion`, `badgeclass`, `issuer` or `image`.
 */
role: string, 
/**
 * The URL the credential names.
 */
url: string, 
/**
 * The URL that answered, after redirects.
 */
final_url: string, 
/**
 * The media type the server sent.
 */
media_type: string | null, 
/**
 * Lower-case hex SHA-256 of the bytes.
 */
sha256: string, 
/**
 * Size in bytes.
 */
size: bigint, 
/**
 * When it was fetched (RFC 3339).
 */
fetched_at: string, };

export type CredentialSummary = { 
/**
 * The wallet's identifier for the credential (12 hex digits).
 */
id: string, 
/**
 * The title shown to the learner.
 */
title: string, 
/**
 * The issuer's name (or identifier when it has no name).
 */
issuer: string | null, 
/**
 * When it was issued (RFC 3339).
 */
issued_on: string | null, 
/**
 * Until when it is valid (RFC 3339).
 */
valid_until: string | null, 
/**
 * The format it was imported from.
 */
format: Format, 
/**
 * The credential's own identifier, when it has one.
 */
credential_id: string | null, 
/**
 * The wallet identifier of the credential this one is nested in (CLR members).
 */
parent_id: string | null, 
/**
 * A `data:` URI of the badge image, when one is stored.
 */
image: string | null, 
/**
 * Whether it was issued to the learner, as far as their profile's identities tell.
 */
recipient_status: RecipientStatus, };

export type OriginalInfo = { 
/**
 * The file name it was imported from.
 */
file_name: string, 
/**
 * Its media type.
 */
media_type: string, 
/**
 * Lower-case hex SHA-256 of its bytes.
 */
sha256: string, 
/**
 * Its size in bytes.
 */
size: bigint, 
/**
 * When it was imported (RFC 3339).
 */
imported_at: string, };

export type CredentialDetail = { 
/**
 * The library view of it.
 */
summary: CredentialSummary, 
/**
 * The normalised credential.
 */
credential: Credential, 
/**
 * The credential as carried (JSON text, or compact JWS/JWT).
 */
document: string, 
/**
 * The original file it came from.
 */
original: OriginalInfo, 
/**
 * Wallet identifiers of credentials nested in this one (CLR members).
 */
children: Array<string>, 
/**
 * Links between achievements this credential states (CLR 2.0 associations).
 */
associations: Array<Association>, 
/**
 * Documents fetched for it at import (BadgeClass, Issuer, image...).
 */
snapshots: Array<SnapshotInfo>, };

export type Outcome = "imported" | "duplicate" | "failed" | "no_badge" | "cancelled";

export type FileReport = { 
/**
 * The path or name of the file, as given.
 */
source: string, 
/**
 * What happened.
 */
outcome: Outcome, 
/**
 * Wallet identifiers of the credentials stored (or, for duplicates, already present).
 */
credentials: Array<string>, 
/**
 * Titles of those credentials, in the same order.
 */
titles: Array<string>, 
/**
 * The error code, for failures.
 */
code: ErrorCode | null, 
/**
 * A sentence for people: the reason for a failure, or what was found.
 */
message: string, 
/**
 * The verdict of each credential stored, in the order of `credentials`, when they were
 * verified on import (empty otherwise).
 */
verdicts: Array<Verdict>, 
/**
 * Credentials stored beside another with the same credential id but different content.
 */
conflicts: Array<IdConflict>, };

export type IdConflict = { 
/**
 * The wallet id of the credential just stored.
 */
id: string, 
/**
 * The credential id both state.
 */
credential_id: string, 
/**
 * The wallet id of the other credential with that id.
 */
other: string, 
/**
 * The other credential's title.
 */
other_title: string, };

export type LeftOut = { 
/**
 * The wallet id.
 */
id: string, 
/**
 * Its title.
 */
title: string, 
/**
 * The stable reason: `tampered`, `wrong_issuer_key`, `revoked`, `suspended`, `malformed`
 * or `not_yet_valid`.
 */
reason: string, };

export type ImportReport = { 
/**
 * One entry per file, in the order they were read.
 */
files: Array<FileReport>, 
/**
 * Whether the import was cancelled: files reported `cancelled` were not read.
 */
cancelled: boolean, };

export type Progress = { 
/**
 * Files finished so far.
 */
done: number, 
/**
 * Files in the batch.
 */
total: number, 
/**
 * The file just finished.
 */
source: string, };

export type Settings = { 
/**
 * The learner's name, as it should appear on transcripts; `None` when not given.
 */
learner_name: string | null, 
/**
 * When on, nothing the wallet does reaches the network.
 */
offline: boolean, 
/**
 * When on (and online), a JSON-LD context Cairn does not ship is fetched over HTTPS once
 * and pinned in the wallet, so credentials that use it can be checked. Off by default.
 */
fetch_contexts: boolean, };

export type SortKey = "relevance" | "date" | "issuer" | "type" | "status" | "title";

export type Validity = "no_expiry" | "valid" | "expiring_soon" | "expired";

export type VerdictFilter = "valid" | "invalid" | "indeterminate" | "unverified";

export type SearchQuery = { 
/**
 * Words to find in title, description, issuer, skills and criteria (all must occur;
 * each word also matches as a prefix).
 */
text: string | null, 
/**
 * Only credentials carrying every one of these tags.
 */
tags: Array<string>, 
/**
 * Only credentials whose issuer name contains this (case-insensitive).
 */
issuer: string | null, 
/**
 * Only credentials of this format (`ob3-json`, `ob2-json`, ...).
 */
format: string | null, 
/**
 * Only credentials whose validity has ended.
 */
expired: boolean, 
/**
 * Only credentials still valid whose validity ends within this many days.
 */
expiring_within_days: number | null, 
/**
 * The order of the results.
 */
sort: SortKey, 
/**
 * At most this many results (all when absent).
 */
limit: number | null, 
/**
 * The moment "expired" and "expiring" are judged at (RFC 3339); now when absent.
 */
as_of: string | null, 
/**
 * Only credentials issued to the learner: their stated recipient matches one of the
 * identities in the learner's profile (hashed recipients included).
 */
issued_to_you: boolean, 
/**
 * Only credentials whose latest verification gave this result.
 */
verdict?: VerdictFilter, };

export type SearchHit = { 
/**
 * The library view of the credential.
 */
summary: CredentialSummary, 
/**
 * Where it stands with respect to its end of validity.
 */
validity: Validity, 
/**
 * The verdict of its latest verification, if it has been verified.
 */
verdict: Verdict | null, 
/**
 * The learner's tags on it.
 */
tags: Array<string>, 
/**
 * The learner's note on it.
 */
note: string | null, };

export type PortfolioSummary = { 
/**
 * The portfolio's number.
 */
id: bigint, 
/**
 * Its name (unique, case-insensitive).
 */
name: string, 
/**
 * What it is for ("Data analyst applications").
 */
purpose: string | null, 
/**
 * How many credentials it holds.
 */
credentials: number, 
/**
 * Whether it carries a goal.
 */
has_goal: boolean, 
/**
 * When it was created (RFC 3339).
 */
created_at: string, };

export type PortfolioEntry = { 
/**
 * The library view of the credential.
 */
summary: CredentialSummary, 
/**
 * Where it stands with respect to its end of validity.
 */
validity: Validity, };

export type Section = { 
/**
 * The section's number; `None` for credentials in no section (always listed first).
 */
id: bigint | null, 
/**
 * The section's name; `None` for credentials in no section.
 */
name: string | null, 
/**
 * Its credentials, in order.
 */
credentials: Array<PortfolioEntry>, };

export type Portfolio = { 
/**
 * The portfolio's number.
 */
id: bigint, 
/**
 * Its name.
 */
name: string, 
/**
 * What it is for.
 */
purpose: string | null, 
/**
 * When it was created (RFC 3339).
 */
created_at: string, 
/**
 * Its sections in order; the first holds the credentials in no section.
 */
sections: Array<Section>, 
/**
 * Its goal, when it has one.
 */
goal: Goal | null, 
/**
 * Progress toward the goal.
 */
progress: GoalProgress | null, };

export type Requirement = { "kind": "achievement", "value": string } | { "kind": "skill", "value": string };

export type Goal = { 
/**
 * The things asked for.
 */
requirements: Array<Requirement>, 
/**
 * How many of them must be met; all when absent ("any 3 of these 5" is 3).
 */
at_least: number | null, };

export type CredentialRef = { 
/**
 * The wallet id.
 */
id: string, 
/**
 * Its title.
 */
title: string, };

export type RequirementProgress = { 
/**
 * The requirement.
 */
requirement: Requirement, 
/**
 * The requirement for people: an achievement named by its identifier shows the name of
 * the credential that holds it, when there is one.
 */
label: string, 
/**
 * Whether a valid credential in the wallet meets it.
 */
met: boolean, 
/**
 * The valid credentials that meet it.
 */
met_by: Array<CredentialRef>, 
/**
 * Credentials that would meet it but whose validity has ended (renew them).
 */
expired: Array<CredentialRef>, 
/**
 * Credentials that would meet it but were left out for their verdict (revoked, not
 * genuine, not yet valid), with why: they do not count.
 */
left_out: Array<LeftOut>, };

export type GoalProgress = { 
/**
 * Requirements to meet.
 */
needed: number, 
/**
 * Requirements met (at most `needed` count toward completion).
 */
done: number, 
/**
 * Whether the goal is reached.
 */
complete: boolean, 
/**
 * Each requirement, in the goal's order.
 */
requirements: Array<RequirementProgress>, 
/**
 * The requirements not met yet.
 */
missing: Array<Requirement>, };

export type StackKind = "clr" | "related" | "pathway";

export type StackMember = { 
/**
 * The achievement's identifier, when known.
 */
achievement_id: string | null, 
/**
 * Its name (the identifier when the stack does not name it).
 */
title: string, 
/**
 * The wallet credential that holds it, when the learner has it.
 */
credential: string | null, };

export type DetectedStack = { 
/**
 * A stable key to refer to it (`clr:<id>`, `related:<achievement>`, `pathway:<issuer>|<series>`).
 */
key: string, 
/**
 * Where it comes from.
 */
kind: StackKind, 
/**
 * A name for it.
 */
name: string, 
/**
 * The issuer that defines it.
 */
issuer: string | null, 
/**
 * Its achievements, in order.
 */
members: Array<StackMember>, 
/**
 * The relations the issuer states (CLR stacks only).
 */
associations: Array<Association>, 
/**
 * How many members the learner holds (credentials left out for their verdict do not
 * count).
 */
held: number, 
/**
 * Members' credentials left out for their verdict (revoked, not genuine, not yet valid),
 * with why: the stack shows those members as not held.
 */
left_out: Array<LeftOut>, };

export type EvidenceSource = "alignment" | "result" | "criteria" | "tag";

export type FrameworkCode = { 
/**
 * The framework (ESCO, O*NET, ...), as the issuer named it.
 */
framework: string | null, 
/**
 * The code, when given.
 */
code: string | null, 
/**
 * The skill's URL in the framework, when given.
 */
url: string | null, };

export type SkillEvidence = { 
/**
 * The wallet id of the credential.
 */
credential: string, 
/**
 * The achievement that shows the skill (the credential's title, or a CLR member's name).
 */
title: string, 
/**
 * The title of the CLR the achievement is listed in, when it is a CLR member.
 */
via: string | null, 
/**
 * Who issued it.
 */
issuer: string | null, 
/**
 * When it was issued (RFC 3339).
 */
issued_on: string | null, 
/**
 * Until when it is valid (RFC 3339).
 */
valid_until: string | null, 
/**
 * Where the claim comes from, strongest first.
 */
sources: Array<EvidenceSource>, 
/**
 * The criteria met, in words.
 */
criteria: string | null, 
/**
 * Results obtained ("Final exam: 92").
 */
results: Array<string>, 
/**
 * Evidence narratives attached to the credential.
 */
narratives: Array<string>, };

export type Skill = { 
/**
 * The stable key the learner's choices are stored under (`esco:skill/...`,
 * `onet:15-2051.00`, `name:data analysis`).
 */
key: string, 
/**
 * The name shown (the learner's rename, or the most common name issuers use).
 */
name: string, 
/**
 * Every other name issuers use for it.
 */
aliases: Array<string>, 
/**
 * Its codes in frameworks.
 */
codes: Array<FrameworkCode>, 
/**
 * The issuers that vouch for it, A to Z.
 */
issuers: Array<string>, 
/**
 * Its evidence, strongest and newest first.
 */
evidence: Array<SkillEvidence>, 
/**
 * Whether the learner hid it.
 */
hidden: boolean, 
/**
 * The learner's note on it.
 */
note: string | null, 
/**
 * Every key merged into this skill (its own first).
 */
keys: Array<string>, };

export type TalkingPoint = { 
/**
 * The wallet id of the credential it is built from.
 */
credential: string, 
/**
 * The achievement it is about.
 */
title: string, 
/**
 * Where and when.
 */
situation: string, 
/**
 * What had to be done (from the criteria).
 */
task: string, 
/**
 * What the learner did (from evidence narratives and the criteria).
 */
action: string, 
/**
 * What came of it (results, the award).
 */
result: string, 
/**
 * The learner's own note on the credential.
 */
note: string | null, 
/**
 * What the credential is when it is not current: "Expired on …", or "Revoked" / "Not
 * genuine" when the learner included it despite its verdict.
 */
label: string | null, };

export type PrepSkill = { 
/**
 * The skill's name.
 */
name: string, 
/**
 * Its key.
 */
key: string, 
/**
 * One paragraph: what the learner can do and what proves it.
 */
summary: string, 
/**
 * The evidence, strongest first.
 */
evidence: Array<SkillEvidence>, 
/**
 * Talking points, one per credential.
 */
talking_points: Array<TalkingPoint>, 
/**
 * The learner's note on the skill.
 */
note: string | null, };

export type PrepSummary = { 
/**
 * What it prepares for (a skill's or a portfolio's name).
 */
title: string, 
/**
 * The portfolio's purpose, when preparing a portfolio.
 */
purpose: string | null, 
/**
 * The skills, most evidenced first.
 */
skills: Array<PrepSkill>, 
/**
 * Credentials that evidence these skills but were left out for their verdict, with why.
 */
left_out: Array<LeftOut>, };

export type MatchedSkill = { 
/**
 * The skill's name in the wallet.
 */
skill: string, 
/**
 * Its key.
 */
key: string, 
/**
 * The words of the posting that asked for it.
 */
found_as: string, 
/**
 * The wallet ids of the credentials that evidence it.
 */
credentials: Array<string>, };

export type RankedCredential = { 
/**
 * The wallet id.
 */
id: string, 
/**
 * Its title.
 */
title: string, 
/**
 * Its issuer.
 */
issuer: string | null, 
/**
 * How well it answers the posting (higher is better).
 */
score: number, 
/**
 * The asked-for skills it evidences.
 */
skills: Array<string>, 
/**
 * Where it stands with respect to its end of validity (expired ones rank lower).
 */
validity: Validity, 
/**
 * What it is when it is not current: "Expired on …", or "Revoked" / "Not genuine" when
 * the learner included it despite its verdict (see [`crate::standing`]).
 */
label: string | null, };

export type PostingMatch = { 
/**
 * The posting's first line (usually the job title).
 */
title: string, 
/**
 * Asked-for skills the wallet evidences.
 */
matched: Array<MatchedSkill>, 
/**
 * Credentials to present, best first.
 */
ranked: Array<RankedCredential>, 
/**
 * Asked-for skills the wallet has no evidence for.
 */
gaps: Array<string>, 
/**
 * Credentials that evidence an asked-for skill but were left out for their verdict
 * (revoked, not genuine, not yet valid), with why.
 */
left_out: Array<LeftOut>, };

export type CheckName = "format" | "signature" | "issuer_key" | "validity" | "status" | "recipient";

export type CheckStatus = "pass" | "fail" | "warn" | "skip";

export type Verdict = "valid" | "invalid" | "indeterminate";

export type Reason = "tampered" | "wrong_issuer_key" | "revoked" | "suspended" | "expired" | "not_yet_valid" | "unknown_context" | "unsupported" | "offline" | "malformed";

export type Check = { 
/**
 * Which check this is.
 */
name: CheckName, 
/**
 * How it went.
 */
status: CheckStatus, 
/**
 * What was found, in plain words.
 */
message: string, 
/**
 * Whether a `skip` of this check leaves the verdict open (a network check that could not
 * run), as opposed to a check that does not apply.
 */
required: boolean, 
/**
 * What a failure (or a required skip) of this check means, when the check said so more
 * precisely than its name does ([`Reason::of_check`] otherwise).
 */
reason?: Reason | null, };

export type Report = { 
/**
 * What the checks add up to.
 */
verdict: Verdict, 
/**
 * Why the verdict is not `valid`: the first failed check's reason for `invalid`, the
 * first required skip's for `indeterminate`; `None` for `valid`.
 */
reason: Reason | null, 
/**
 * The checks, in the order of [`CheckName`].
 */
checks: Array<Check>, 
/**
 * The credential's own identifier, when it has one.
 */
credential_id: string | null, 
/**
 * The format the document was recognised as, when it was.
 */
format: Format | null, 
/**
 * When the verification ran (RFC 3339, UTC).
 */
checked_at: string, };

export type Tone = "good" | "caution" | "bad" | "unknown";

export type Label = { 
/**
 * The verdict it names.
 */
verdict: Verdict, 
/**
 * The reason it names, when the verdict is not `valid`.
 */
reason: Reason | null, 
/**
 * One or two words: "Valid", "Expired", "Not genuine", "Couldn't check"…
 */
word: string, 
/**
 * How it should look.
 */
tone: Tone, 
/**
 * One sentence saying what it means for the learner.
 */
says: string, };

export type Verification = { 
/**
 * Whether it ran with the network (`false`: offline, from what the wallet holds).
 */
online: boolean, 
/**
 * What it found.
 */
report: Report, 
/**
 * Its verdict as a person reads it.
 */
label: Label, };

export type Certification = { 
/**
 * The wallet id of the credential.
 */
wallet_id: string, 
/**
 * The certification's name (the credential's title).
 */
name: string, 
/**
 * The issuing organisation's name, sent when no `organization_id` is known.
 */
organization_name: string | null, 
/**
 * LinkedIn's company id of the issuer, when supplied.
 */
organization_id: string | null, 
/**
 * Year of issue.
 */
issue_year: number | null, 
/**
 * Month of issue, 1–12.
 */
issue_month: number | null, 
/**
 * Year of expiry, when the credential expires.
 */
expiration_year: number | null, 
/**
 * Month of expiry, 1–12.
 */
expiration_month: number | null, 
/**
 * A verification URL that does not expire, when one is known.
 */
cert_url: string | null, 
/**
 * The credential's id, shown as "Credential ID" on LinkedIn.
 */
cert_id: string | null, 
/**
 * The add-to-profile link, every value URL-encoded.
 */
url: string, 
/**
 * Text for a share post: what was earned, from whom, the skills and the link.
 */
post_text: string, 
/**
 * Things the learner should know (no verification URL, no issue date, ...).
 */
warnings: Array<string>, 
/**
 * What the entry is when it is not current: "Expired on 2024-01-31", or "Revoked" / "Not
 * genuine" when the learner included it despite its verdict (see [`crate::standing`]).
 */
label: string | null, };

export type RestoreConflict = { 
/**
 * `portfolio`, `note`, `skill`, `skill_note`, `setting`, `holder_key` or `context`.
 */
kind: string, 
/**
 * What it is: the portfolio's name, the credential's id, the setting's key…
 */
name: string, 
/**
 * What differs, in words; the wallet's version was kept.
 */
detail: string, };

export type RestoreReport = { 
/**
 * The backup's format version (1: originals only; 2: the whole wallet).
 */
version: number, 
/**
 * Original files in the backup.
 */
originals: number, 
/**
 * Original files added to the wallet.
 */
added: number, 
/**
 * Original files already in the wallet (left as they are).
 */
duplicates: number, 
/**
 * Original files that could not be restored (format 1 only, where each is imported).
 */
failed: Array<FileReport>, 
/**
 * Portfolios added.
 */
portfolios_added: number, 
/**
 * Tags, notes, identities, skill choices, settings and verifications added.
 */
annotations_added: number, 
/**
 * What the wallet and the backup both hold with different content: the wallet's kept.
 */
conflicts: Array<RestoreConflict>, };

