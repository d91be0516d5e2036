//! The JSON-LD contexts Cairn knows, embedded in the binary and pinned by SHA-256.
//!
//! Verification never fetches a context: a credential whose `@context` names a URL that is not
//! in [`Contexts`] cannot be canonicalised, and the error names the URL. Where each file comes
//! from is recorded in `assets/contexts/SOURCES.md`. A wallet whose learner allowed it adds the
//! contexts it fetched and pinned (`wallet::contexts`) to the set it hands the verifier, each
//! with a note the report shows.

use crate::error::{Error, Result};
use crate::model::sha256_hex;
use json_ld::syntax::TryFromJson as _;
use json_ld::{Iri, IriBuf, LoadError, Loader, Process as _, RemoteDocument};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

/// Processed active contexts by the JSON text of the `@context` they came from.
type ActiveCache = Arc<Mutex<HashMap<String, Arc<Active>>>>;

/// How many scoped contexts may be kept processed, over every [`Active`] at once. Each holds a
/// copy of its whole context, and the combinations a document can ask for are not bounded by
/// the pinned files alone (a property-scoped context applied at every level of a deep
/// document gives a new one per level); past the limit they are processed for each use. With
/// the OB 3.0 and CLR contexts each takes an estimated few hundred kilobytes, so this keeps the
/// cache under roughly 100 MB whatever documents are verified.
const SCOPED_CACHE_LIMIT: usize = 256;

/// The number of scoped contexts kept processed so far (see [`SCOPED_CACHE_LIMIT`]).
static SCOPED_CACHED: AtomicUsize = AtomicUsize::new(0);

/// Source of [`Active::id`].
static NEXT_ACTIVE_ID: AtomicU64 = AtomicU64::new(0);

/// How a scoped context is applied (JSON-LD 1.1 expansion, steps 4.1, 8 and 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Scope {
    /// A property-scoped context, for a map value: overrides protected terms.
    Property,
    /// A property-scoped context, for a scalar value: plain processing.
    PropertyValue,
    /// A type-scoped context: not propagated to nested nodes.
    Type,
    /// A node's own `@context`.
    Embedded,
}

/// A processed active context, shared between verifications, with the scoped contexts already
/// derived from it.
///
/// The JSON-LD processor copies the whole active context (every term definition, with every
/// scoped context in it) each time expansion applies a type- or property-scoped context; the
/// pinned contexts are immutable, so Cairn derives each combination once and keeps it here.
/// `previous` is the context a type-scoped context reverts to in nested node objects, shared
/// rather than copied (and weak: the context it derives from keeps it in its cache).
pub struct Active {
    id: u64,
    context: json_ld::Context,
    previous: Option<Weak<Active>>,
    /// Whether `previous` is known to be what the processor recorded in `context`; when not
    /// (a top-level context with `@propagate: false`, a scoped context holding `null`), only
    /// the general expansion path may use this context.
    exact: bool,
    scoped: Mutex<HashMap<(u64, Scope, String), Arc<Active>>>,
    /// Whether this context counts towards [`SCOPED_CACHE_LIMIT`] (it is kept in a cache).
    counted: AtomicBool,
}

impl Drop for Active {
    fn drop(&mut self) {
        if self.counted.load(Ordering::Relaxed) {
            SCOPED_CACHED.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

impl std::fmt::Debug for Active {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Active")
            .field("id", &self.id)
            .field("terms", &self.context.len())
            .field("previous", &self.previous.is_some())
            .finish_non_exhaustive()
    }
}

impl Active {
    fn new(context: json_ld::Context, previous: Option<Weak<Active>>, exact: bool) -> Self {
        Self {
            id: NEXT_ACTIVE_ID.fetch_add(1, Ordering::Relaxed),
            context,
            previous,
            exact,
            scoped: Mutex::default(),
            counted: AtomicBool::new(false),
        }
    }

    /// The processed JSON-LD context.
    pub fn context(&self) -> &json_ld::Context {
        &self.context
    }

    /// The context type-scoped terms revert to in nested node objects, if any; `Err` when
    /// it is no longer kept anywhere (its `Contexts` was replaced meanwhile).
    pub(crate) fn previous(&self) -> std::result::Result<Option<Arc<Active>>, ()> {
        match &self.previous {
            None => Ok(None),
            Some(weak) => weak.upgrade().map(Some).ok_or(()),
        }
    }

    /// Whether [`Active::previous`] is exactly the processor's previous context.
    pub(crate) fn exact(&self) -> bool {
        self.exact
    }

    /// This context with the scoped context that `owner` defines for `term` applied, processed
    /// once and then reused; `None` when `owner` gives `term` no scoped context.
    ///
    /// `owner` is the context the term is looked up in (for a type, the context before any type
    /// was applied), which is not always `self`.
    pub(crate) fn scoped(
        self: &Arc<Self>,
        owner: &Active,
        term: &str,
        scope: Scope,
        loader: &Contexts,
    ) -> std::result::Result<Option<Arc<Active>>, json_ld::context_processing::Error> {
        let Some(definition) = owner.context.get_normal(term) else {
            return Ok(None);
        };
        let Some(local) = definition.context.as_deref() else {
            return Ok(None);
        };
        let key = (owner.id, scope, term.to_owned());
        if let Some(found) = self.scoped.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(Some(found));
        }
        let defaults = json_ld::context_processing::Options::default();
        let options = match scope {
            Scope::Property => defaults.with_override(),
            Scope::PropertyValue | Scope::Embedded => defaults,
            Scope::Type => defaults.without_propagation(),
        };
        let active = self.derive(local, definition.base_url.clone(), options, loader)?;
        Ok(Some(self.keep(key, active)))
    }

    /// This context with a node's own `@context` applied (expansion step 9), processed once per
    /// distinct value and then reused, like a document's top-level context.
    pub(crate) fn embedded(
        self: &Arc<Self>,
        context: &serde_json::Value,
        loader: &Contexts,
    ) -> std::result::Result<Arc<Active>, ()> {
        let key = (0, Scope::Embedded, context.to_string());
        if let Some(found) = self.scoped.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(found);
        }
        let local = json_ld::syntax::context::Context::try_from_json(
            json_syntax::Value::from_serde_json(context.clone()),
        )
        .map_err(|_| ())?;
        let options = json_ld::context_processing::Options::default();
        let active = self.derive(&local, None, options, loader).map_err(|_| ())?;
        Ok(self.keep(key, active))
    }

    /// Keeps a derived context for reuse, within [`SCOPED_CACHE_LIMIT`].
    fn keep(&self, key: (u64, Scope, String), active: Arc<Active>) -> Arc<Active> {
        if SCOPED_CACHED.load(Ordering::Relaxed) < SCOPED_CACHE_LIMIT
            && let Ok(mut cache) = self.scoped.lock()
        {
            SCOPED_CACHED.fetch_add(1, Ordering::Relaxed);
            active.counted.store(true, Ordering::Relaxed);
            // Should another thread have derived the same context meanwhile, the one replaced
            // is dropped and uncounted.
            cache.insert(key, active.clone());
        }
        active
    }

    /// Processes `local` onto this context and works out the resulting previous context.
    fn derive(
        self: &Arc<Self>,
        local: &json_ld::syntax::context::Context,
        base_url: Option<IriBuf>,
        options: json_ld::context_processing::Options,
        loader: &Contexts,
    ) -> std::result::Result<Arc<Active>, json_ld::context_processing::Error> {
        let processed = pollster::block_on(local.process_full(
            &mut (),
            &self.context,
            loader,
            base_url,
            options,
            (),
        ))?
        .into_processed();
        // Step 2 of context processing: a lone definition may say whether it propagates.
        let propagate = match local {
            json_ld::syntax::context::Context::One(
                json_ld::syntax::context::ContextEntry::Definition(d),
            ) => d.propagate.unwrap_or(options.propagate),
            _ => options.propagate,
        };
        // Step 3: a context that does not propagate records the one it was applied to, unless
        // that one already has a previous context, which then carries over (as it does when
        // propagating). A `null` entry starts afresh and is left to the general path.
        let nulls = local
            .iter()
            .any(|e| matches!(e, json_ld::syntax::context::ContextEntry::Null));
        let previous = if !propagate && self.previous.is_none() {
            Some(Arc::downgrade(self))
        } else {
            self.previous.clone()
        };
        let exact =
            self.exact && !nulls && previous.is_some() == processed.previous_context().is_some();
        Ok(Arc::new(Active::new(processed, previous, exact)))
    }
}

/// One context file built into Cairn.
#[derive(Debug, Clone, Copy)]
pub struct Embedded {
    /// The URL credentials use for it.
    pub url: &'static str,
    /// The file under `assets/contexts/`.
    pub file: &'static str,
    /// Lower-case hex SHA-256 of the file, checked when the table is first used.
    pub sha256: &'static str,
    /// The file's bytes.
    pub bytes: &'static [u8],
}

/// Every context embedded in Cairn, by the URL credentials name it with.
pub const EMBEDDED: &[Embedded] = &[
    Embedded {
        url: "https://www.w3.org/2018/credentials/v1",
        file: "credentials-v1.jsonld",
        sha256: "00d7dd6d3ad8b920e3e550dd3a3d9090bffcac84cdbf943da6924b3e0a5c8bb8",
        bytes: include_bytes!("../../assets/contexts/credentials-v1.jsonld"),
    },
    Embedded {
        url: "https://www.w3.org/ns/credentials/v2",
        file: "credentials-v2.jsonld",
        sha256: "8a9f494a89ecc51db093e90e84713e07e84d6d9204364a9b3c7868b21751236f",
        bytes: include_bytes!("../../assets/contexts/credentials-v2.jsonld"),
    },
    Embedded {
        url: "https://www.w3.org/ns/credentials/undefined-terms/v2",
        file: "credentials-undefined-terms-v2.jsonld",
        sha256: "82dab514ba44eb18f5d1b0f638c5e140c6a556fbfb5089601bdc0fa5eb8b2581",
        bytes: include_bytes!("../../assets/contexts/credentials-undefined-terms-v2.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/security/data-integrity/v1",
        file: "data-integrity-v1.jsonld",
        sha256: "b5d829bd09aa7c42abc6efa0c8ed7635313b5487f37ccfce3ecd149ca9418554",
        bytes: include_bytes!("../../assets/contexts/data-integrity-v1.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/security/data-integrity/v2",
        file: "data-integrity-v2.jsonld",
        sha256: "0f77743daf5b4e8fc067fc5ba5b21044283053aa717fc6b0219843bed3b00363",
        bytes: include_bytes!("../../assets/contexts/data-integrity-v2.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/security/multikey/v1",
        file: "multikey-v1.jsonld",
        sha256: "c5f3806f8286920573221938917988a18a4cc5a09e968d29649613c7a1c2b1f6",
        bytes: include_bytes!("../../assets/contexts/multikey-v1.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/security/suites/ed25519-2020/v1",
        file: "ed25519-signature-2020-v1.jsonld",
        sha256: "b9e1ab971fd8bf2c7553e0c4a9438e0b9450afde1ea1ca5b2492368b9f549588",
        bytes: include_bytes!("../../assets/contexts/ed25519-signature-2020-v1.jsonld"),
    },
    Embedded {
        url: "https://www.w3.org/ns/credentials/status/v1",
        file: "vc-bitstring-status-list-v1.jsonld",
        sha256: "fd08cbf28ddd829ab2f1978c48f43ab07a112c1c90245a0cfac7ba721c65170c",
        bytes: include_bytes!("../../assets/contexts/vc-bitstring-status-list-v1.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/vc/status-list/2021/v1",
        file: "vc-status-list-v1.jsonld",
        sha256: "634d71c159289f068c96012e4511c657fdf82ac4231900081bda3ba24e2e1160",
        bytes: include_bytes!("../../assets/contexts/vc-status-list-v1.jsonld"),
    },
    Embedded {
        url: "https://www.w3.org/ns/did/v1",
        file: "did-v1.jsonld",
        sha256: "62c1054bf404d6dd3a4b26b64f830fd72095f6a26edc4469908c94351352ce5f",
        bytes: include_bytes!("../../assets/contexts/did-v1.jsonld"),
    },
    Embedded {
        url: "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        file: "ob-v3p0-context-3.0.json",
        sha256: "9f1c8f9f361ba2994b9b50701f41149919542c50c7b7455b2846d87959295d72",
        bytes: include_bytes!("../../assets/contexts/ob-v3p0-context-3.0.json"),
    },
    Embedded {
        url: "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
        file: "ob-v3p0-context-3.0.1.json",
        sha256: "af095468326d3449160509b26ca71576e6321d13c85b0369cfe3b654c9a48fba",
        bytes: include_bytes!("../../assets/contexts/ob-v3p0-context-3.0.1.json"),
    },
    Embedded {
        url: "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        file: "ob-v3p0-context-3.0.2.json",
        sha256: "00666ad080ba407687ed1846b7f5e7495f5019042b202a727de47c48a1755c53",
        bytes: include_bytes!("../../assets/contexts/ob-v3p0-context-3.0.2.json"),
    },
    Embedded {
        url: "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        file: "ob-v3p0-context-3.0.3.json",
        sha256: "ef2fa9c7846dce233cc166b43639027278be4ee44f00bb1d45c75de2dd0cd761",
        bytes: include_bytes!("../../assets/contexts/ob-v3p0-context-3.0.3.json"),
    },
    Embedded {
        url: "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        file: "ob-v3p0-extensions.json",
        sha256: "2d013f981d1f4516081a6a04e55468ba2b071d4153b794f19a79715c45a89a5e",
        bytes: include_bytes!("../../assets/contexts/ob-v3p0-extensions.json"),
    },
    Embedded {
        url: "https://purl.imsglobal.org/spec/clr/v2p0/context.json",
        file: "clr-v2p0-context.json",
        sha256: "e198d7b517d74c5036434ce495086f67b10244709e9a3df9dcb7f8b1579b6167",
        bytes: include_bytes!("../../assets/contexts/clr-v2p0-context.json"),
    },
    Embedded {
        url: "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
        file: "clr-v2p0-context-2.0.1.json",
        sha256: "880f1902d4158f2f33ce06af41b90719977cd1ea337a9de2e41edb3ff5e543d6",
        bytes: include_bytes!("../../assets/contexts/clr-v2p0-context-2.0.1.json"),
    },
    Embedded {
        url: "https://w3id.org/openbadges/v2",
        file: "ob-v2p0-context.json",
        sha256: "393a890d7d95eb3a86f5f12309648a64c2d0676e5270e2967b5341a2dcea13d2",
        bytes: include_bytes!("../../assets/contexts/ob-v2p0-context.json"),
    },
    Embedded {
        url: "https://openbadgespec.org/v2/context.json",
        file: "ob-v2p0-context.json",
        sha256: "393a890d7d95eb3a86f5f12309648a64c2d0676e5270e2967b5341a2dcea13d2",
        bytes: include_bytes!("../../assets/contexts/ob-v2p0-context.json"),
    },
    Embedded {
        url: "https://www.w3.org/2018/credentials/examples/v1",
        file: "credentials-examples-v1.jsonld",
        sha256: "73bebae22e70ebb4466ac2e1f3e3b35c43436217623b51ff3e1b567e1aff4ba2",
        bytes: include_bytes!("../../assets/contexts/credentials-examples-v1.jsonld"),
    },
    Embedded {
        url: "https://www.w3.org/ns/credentials/examples/v2",
        file: "credentials-examples-v2.jsonld",
        sha256: "57393fbc69d6efb9b9b5dc9cb6b9880b0944360abfe2eaf459c9e58cf2279d7c",
        bytes: include_bytes!("../../assets/contexts/credentials-examples-v2.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/dcc/v1",
        file: "dcc-v1.json",
        sha256: "1543695325471b0d23e839a28166ba4ea445cca294ac46fe034ca584cbfc6077",
        bytes: include_bytes!("../../assets/contexts/dcc-v1.json"),
    },
    Embedded {
        url: "https://w3id.org/security/v1",
        file: "security-v1.jsonld",
        sha256: "abaf97e107d1925503c433dcaf3ffd2831697cacc1ed2a293e1bc8030d5bcb47",
        bytes: include_bytes!("../../assets/contexts/security-v1.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/security/v2",
        file: "security-v2.jsonld",
        sha256: "611bd81151d5efe53ec9aed78f5a813e577287bc9451ee26d6879b1b8b46bc3b",
        bytes: include_bytes!("../../assets/contexts/security-v2.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/security/suites/ed25519-2018/v1",
        file: "ed25519-signature-2018-v1.jsonld",
        sha256: "166c6abb9e08176cee5f6c87c9c1bbfefa5717da391bcac525e5437f93eab809",
        bytes: include_bytes!("../../assets/contexts/ed25519-signature-2018-v1.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/security/suites/x25519-2020/v1",
        file: "x25519-key-agreement-2020-v1.json",
        sha256: "b234f84fe7cebb0efef37cad82667eeacb6d414f6c51ac37f5dc803a4a0c728a",
        bytes: include_bytes!("../../assets/contexts/x25519-key-agreement-2020-v1.json"),
    },
    Embedded {
        url: "https://w3id.org/security/suites/x25519-2019/v1",
        file: "x25519-2019-v1.jsonld",
        sha256: "d032497b819ad21259daaa11a1e0ce1153592fb58877751944d6b48768c0bf33",
        bytes: include_bytes!("../../assets/contexts/x25519-2019-v1.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/security/suites/jws-2020/v1",
        file: "jws-2020-v1.jsonld",
        sha256: "d648e05ddc6577827ca2bfd5e931f53e9ebc6e52a57a8da81df4ec8c46ffcd1e",
        bytes: include_bytes!("../../assets/contexts/jws-2020-v1.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/security/suites/secp256k1-2019/v1",
        file: "secp256k1-2019-v1.jsonld",
        sha256: "8452efdde151151539b78d240f55cee7d9cc985bf078123ce310aa7ae04763b4",
        bytes: include_bytes!("../../assets/contexts/secp256k1-2019-v1.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/security/bbs/v1",
        file: "security-bbs-v1.jsonld",
        sha256: "13c9ca884f29b002e9440d2a9b7aaf8611cf8f5b06fefb82161f9b81a67cebf2",
        bytes: include_bytes!("../../assets/contexts/security-bbs-v1.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/security/jwk/v1",
        file: "jwk-v1.jsonld",
        sha256: "0f14b62f6071aafe00df265770ea0c7508e118247d79b7d861a406d2aa00bece",
        bytes: include_bytes!("../../assets/contexts/jwk-v1.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/vc-revocation-list-2020/v1",
        file: "vc-revocation-list-2020-v1.jsonld",
        sha256: "9fe1e5bd6d2f709e4628947c86455f2d97204e07ed7b7ae51d559e35e5238e9d",
        bytes: include_bytes!("../../assets/contexts/vc-revocation-list-2020-v1.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/citizenship/v1",
        file: "citizenship-v1.jsonld",
        sha256: "4caf8d4d3a6a175f5e5ba6b91dc1fdd88a050630930a6478d8e4cb765c565f40",
        bytes: include_bytes!("../../assets/contexts/citizenship-v1.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/citizenship/v2",
        file: "citizenship-v2.jsonld",
        sha256: "2241bdc574b37395311997b93bee26c8ab2672e5da62de5f2c1d564a00eae959",
        bytes: include_bytes!("../../assets/contexts/citizenship-v2.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/citizenship/v3",
        file: "citizenship-v3.jsonld",
        sha256: "5a4855907ef40afdb50a51af131d7a883c62e891478ebbb81f5ecb9a5a9b99d7",
        bytes: include_bytes!("../../assets/contexts/citizenship-v3.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/citizenship/v4rc1",
        file: "citizenship-v4rc1.jsonld",
        sha256: "a89b0bc00b1848ac3dfdf956c7dd5de8567e755351c07ec6a1c2b4a08b67953b",
        bytes: include_bytes!("../../assets/contexts/citizenship-v4rc1.jsonld"),
    },
    Embedded {
        url: "https://www.w3.org/ns/odrl.jsonld",
        file: "odrl.jsonld",
        sha256: "f9937a5cf820abc39a1b954a3752132a9334fb23ec4a379e77a74a007c8f567d",
        bytes: include_bytes!("../../assets/contexts/odrl.jsonld"),
    },
    Embedded {
        url: "https://w3id.org/openbadges/extensions/applyLinkExtension/context.json",
        file: "ob-v2p0-extension-applylink.json",
        sha256: "3c842aeaac338b4fad942337e809e4c740da2ebda53466f960e0799e2c6cae98",
        bytes: include_bytes!("../../assets/contexts/ob-v2p0-extension-applylink.json"),
    },
    Embedded {
        url: "https://w3id.org/openbadges/extensions/exampleExtension/context.json",
        file: "ob-v2p0-extension-example.json",
        sha256: "5827540679c457f11ff12697f3009287dcd193db34c87c5faf922a4a21055fff",
        bytes: include_bytes!("../../assets/contexts/ob-v2p0-extension-example.json"),
    },
];

/// A set of JSON-LD contexts by URL, parsed once; it is the only document loader verification
/// uses. Each distinct `@context` value is processed once and the result reused, so verifying
/// many credentials costs one context processing per context combination.
#[derive(Clone, Default)]
pub struct Contexts {
    docs: HashMap<String, Arc<json_syntax::Value>>,
    active: ActiveCache,
    /// For each context that is not built in (pinned in a wallet, or given by a test suite),
    /// what the report says of it.
    notes: HashMap<String, String>,
}

impl std::fmt::Debug for Contexts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Contexts")
            .field("urls", &self.urls())
            .finish_non_exhaustive()
    }
}

/// The error a lookup of a context Cairn does not have gives.
#[derive(Debug, thiserror::Error)]
#[error(
    "unknown JSON-LD context {0}: Cairn only uses the contexts built into it and never fetches one"
)]
pub struct UnknownContext(pub String);

impl Contexts {
    /// The contexts built into Cairn. A file whose bytes do not match its pinned SHA-256 is left
    /// out (so documents using it fail to verify rather than verify against other text).
    pub fn embedded() -> &'static Contexts {
        static EMBEDDED_SET: OnceLock<Contexts> = OnceLock::new();
        EMBEDDED_SET.get_or_init(|| {
            let mut set = Contexts::default();
            for entry in EMBEDDED {
                if sha256_hex(entry.bytes) != entry.sha256 {
                    continue;
                }
                if let Ok(value) = serde_json::from_slice::<serde_json::Value>(entry.bytes) {
                    set.docs.insert(
                        entry.url.to_owned(),
                        Arc::new(json_syntax::Value::from_serde_json(value)),
                    );
                }
            }
            set
        })
    }

    /// The built-in contexts plus further ones (for example contexts a test suite ships).
    pub fn with_extra(extra: &[(String, Vec<u8>)]) -> Result<Contexts> {
        let mut set = Self::embedded().clone();
        for (url, bytes) in extra {
            set.add(url, bytes)?;
        }
        Ok(set)
    }

    /// Adds (or replaces) the context served at `url`.
    pub fn add(&mut self, url: &str, bytes: &[u8]) -> Result<()> {
        let value: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|e| Error::invalid(format!("context {url} is not valid JSON ({e})")))?;
        self.docs.insert(
            url.to_owned(),
            Arc::new(json_syntax::Value::from_serde_json(value)),
        );
        // Processed contexts may depend on the replaced document: start afresh.
        self.active = ActiveCache::default();
        Ok(())
    }

    /// The active context a document's `@context` value denotes, processed once and cached.
    pub fn active(&self, context: &serde_json::Value) -> Result<Arc<Active>> {
        let key = context.to_string();
        if let Some(found) = self.active.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(found);
        }
        let local = json_ld::syntax::context::Context::try_from_json(
            json_syntax::Value::from_serde_json(context.clone()),
        )
        .map_err(|e| {
            Error::invalid(format!("the @context is not a valid JSON-LD context ({e})"))
        })?;
        let processed = pollster::block_on(local.process_full(
            &mut (),
            &json_ld::Context::new(None),
            self,
            None,
            json_ld::context_processing::Options::default(),
            (),
        ))
        .map_err(|e| Error::invalid(format!("JSON-LD context processing failed: {e}")))?;
        let processed = processed.into_processed();
        // A top-level context that does not propagate has a previous context the fast path
        // cannot share; only the general path uses it.
        let exact = processed.previous_context().is_none();
        let active = Arc::new(Active::new(processed, None, exact));
        if let Ok(mut cache) = self.active.lock() {
            cache.insert(key, active.clone());
        }
        Ok(active)
    }

    /// Adds a context that is not built into Cairn, with what a report using it should say
    /// ("fetched from its URL on … and pinned in this wallet").
    pub fn add_noted(&mut self, url: &str, bytes: &[u8], note: String) -> Result<()> {
        self.add(url, bytes)?;
        self.notes.insert(url.to_owned(), note);
        Ok(())
    }

    /// Attaches a note to a context already in the set (a later, different answer refused).
    pub fn note(&mut self, url: &str, note: String) {
        self.notes.insert(url.to_owned(), note);
    }

    /// What a report should say of the context at `url`, when it is not one Cairn ships.
    pub fn note_of(&self, url: &str) -> Option<&str> {
        self.notes.get(url).map(String::as_str)
    }

    /// Whether a context is known for `url`.
    pub fn contains(&self, url: &str) -> bool {
        self.docs.contains_key(url)
    }

    /// The URLs of every known context, sorted.
    pub fn urls(&self) -> Vec<&str> {
        let mut urls: Vec<&str> = self.docs.keys().map(String::as_str).collect();
        urls.sort_unstable();
        urls
    }
}

impl Loader for Contexts {
    async fn load(&self, url: &Iri) -> Result<RemoteDocument<IriBuf>, LoadError> {
        match self.docs.get(url.as_str()) {
            Some(doc) => Ok(RemoteDocument::new(
                Some(url.to_owned()),
                Some("application/ld+json".parse().expect("a valid media type")),
                (**doc).clone(),
            )),
            None => Err(LoadError::new(
                url.to_owned(),
                UnknownContext(url.as_str().to_owned()),
            )),
        }
    }
}
