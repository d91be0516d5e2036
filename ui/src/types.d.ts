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
image: string | null, };

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
children: Array<string>, };

export type Outcome = "imported" | "duplicate" | "failed" | "no_badge";

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
message: string, };

export type ImportReport = { 
/**
 * One entry per file, in the order they were read.
 */
files: Array<FileReport>, };

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

