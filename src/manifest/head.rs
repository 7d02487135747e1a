//! The part of a Kubernetes object every check needs: `apiVersion`, `kind`, `metadata.name`,
//! `metadata.namespace`, and for `List` kinds the `items` with their line numbers.
//!
//! Deserialising only these fields (everything else is skipped with `IgnoredAny`) keeps the
//! reader fast and lets it accept documents that are valid YAML but not objects (a values file
//! that is a list, a bare string): those become [`Head::NotAnObject`] instead of an error.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// What a document turned out to be.
#[derive(Debug)]
pub enum Head {
    /// A mapping; any of its identifying fields may be missing.
    Object(ObjectHead),
    /// A sequence: each element with the 1-based line (relative to the document) it starts
    /// on. A top-level sequence of objects is read like a `List`'s items.
    Sequence(Vec<(usize, Head)>),
    /// A scalar or null: not a Kubernetes object, not an error.
    NotAnObject,
}

/// The identifying fields of one object.
#[derive(Debug, Default)]
pub struct ObjectHead {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub name: Option<String>,
    pub namespace: Option<String>,
    /// `metadata.annotations["abema.dev/ignore-deprecations"]`: the reason to ignore it.
    pub ignore_deprecations: Option<String>,
    /// `items` of a `List`, each with the 1-based line (relative to the document) it starts on.
    pub items: Option<Vec<(usize, Head)>>,
}

impl<'de> Deserialize<'de> for Head {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(HeadVisitor)
    }
}

struct HeadVisitor;

impl<'de> Visitor<'de> for HeadVisitor {
    type Value = Head;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Kubernetes object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Head, A::Error> {
        let mut head = ObjectHead::default();
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::ApiVersion => {
                    head.api_version = map.next_value::<Option<Scalar>>()?.map(|s| s.0)
                }
                Key::Kind => head.kind = map.next_value::<Option<Scalar>>()?.map(|s| s.0),
                Key::Metadata => {
                    if let Some(meta) = map.next_value::<Option<Metadata>>()? {
                        head.name = meta.name.map(|s| s.0);
                        head.namespace = meta.namespace.map(|s| s.0);
                        head.ignore_deprecations = meta.annotations.and_then(|a| a.0);
                    }
                }
                Key::Items => {
                    let items: Option<Items> = map.next_value()?;
                    head.items = items.map(|i| i.0);
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Head::Object(head))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Head, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Head>>()? {
            let line = usize::try_from(item.referenced.line()).unwrap_or(0);
            items.push((line, item.value));
        }
        Ok(Head::Sequence(items))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Head, E> {
        Ok(Head::NotAnObject)
    }

    fn visit_none<E: de::Error>(self) -> Result<Head, E> {
        Ok(Head::NotAnObject)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Head, D::Error> {
        deserializer.deserialize_any(HeadVisitor)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Head, E> {
        Ok(Head::NotAnObject)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Head, E> {
        Ok(Head::NotAnObject)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Head, E> {
        Ok(Head::NotAnObject)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Head, E> {
        Ok(Head::NotAnObject)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Head, E> {
        Ok(Head::NotAnObject)
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Head, E> {
        Ok(Head::NotAnObject)
    }
}

/// Map keys we look at; anything else (including non-string keys) is `Other`.
enum Key {
    ApiVersion,
    Kind,
    Metadata,
    Items,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'a> Visitor<'a> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "apiVersion" => Key::ApiVersion,
                    "kind" => Key::Kind,
                    "metadata" => Key::Metadata,
                    "items" => Key::Items,
                    _ => Key::Other,
                })
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Key, E> {
                Ok(Key::Other)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Key, E> {
                Ok(Key::Other)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Key, E> {
                Ok(Key::Other)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Key, E> {
                Ok(Key::Other)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
                Ok(Key::Other)
            }
            fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<Key, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Key::Other)
            }
            fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<Key, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Key::Other)
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

#[derive(Deserialize)]
struct Metadata {
    name: Option<Scalar>,
    namespace: Option<Scalar>,
    annotations: Option<IgnoreAnnotation>,
}

/// The annotation that marks an object's deprecation findings as ignored, with a reason.
pub const IGNORE_ANNOTATION: &str = "abema.dev/ignore-deprecations";

/// `metadata.annotations`, keeping only [`IGNORE_ANNOTATION`].
struct IgnoreAnnotation(Option<String>);

impl<'de> Deserialize<'de> for IgnoreAnnotation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AnnotationsVisitor;
        impl<'a> Visitor<'a> for AnnotationsVisitor {
            type Value = IgnoreAnnotation;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("annotations")
            }
            fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<IgnoreAnnotation, A::Error> {
                let mut found = None;
                while let Some(key) = map.next_key::<Scalar>()? {
                    if key.0 == IGNORE_ANNOTATION {
                        found = map.next_value::<Option<Scalar>>()?.map(|s| s.0);
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(IgnoreAnnotation(found))
            }
            // Annotations of any other shape (a list in a kubent fixture, a scalar) are not
            // ours to judge: no ignore reason.
            fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<IgnoreAnnotation, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(IgnoreAnnotation(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<IgnoreAnnotation, E> {
                Ok(IgnoreAnnotation(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<IgnoreAnnotation, E> {
                Ok(IgnoreAnnotation(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<IgnoreAnnotation, E> {
                Ok(IgnoreAnnotation(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<IgnoreAnnotation, E> {
                Ok(IgnoreAnnotation(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<IgnoreAnnotation, E> {
                Ok(IgnoreAnnotation(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<IgnoreAnnotation, E> {
                Ok(IgnoreAnnotation(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<IgnoreAnnotation, E> {
                Ok(IgnoreAnnotation(None))
            }
        }
        deserializer.deserialize_any(AnnotationsVisitor)
    }
}

/// `items:` of a list: each element with the line it starts on.
struct Items(Vec<(usize, Head)>);

impl<'de> Deserialize<'de> for Items {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items: Vec<Spanned<Head>> = Deserialize::deserialize(deserializer)?;
        Ok(Items(
            items
                .into_iter()
                .map(|s| (usize::try_from(s.referenced.line()).unwrap_or(0), s.value))
                .collect(),
        ))
    }
}

/// Any scalar as a string: `name: 123` is the name "123". Asking for a string (not "any")
/// keeps plain scalars as written: `kind: Y` is the kind "Y", not the YAML 1.1 boolean.
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl Visitor<'_> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        deserializer.deserialize_string(ScalarVisitor)
    }
}
