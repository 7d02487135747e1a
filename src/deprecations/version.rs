//! Release versions at minor granularity (`v1.22`): what deprecation data is expressed in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A `vMAJOR.MINOR` release. A patch given on input (`v1.22.3`) is accepted and dropped:
/// APIs are only deprecated and removed in minor releases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u32,
    pub minor: u32,
}

impl Version {
    pub const fn new(major: u32, minor: u32) -> Self {
        Self { major, minor }
    }

    /// The next minor release (`v1.33` -> `v1.34`).
    pub fn next_minor(self) -> Self {
        Self {
            major: self.major,
            minor: self.minor.saturating_add(1),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}.{}", self.major, self.minor)
    }
}

/// Why a version string was refused.
#[derive(Debug, PartialEq, Eq)]
pub struct VersionError(String);

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid version {:?}: expected vMAJOR.MINOR or vMAJOR.MINOR.PATCH, e.g. v1.33",
            self.0
        )
    }
}

impl FromStr for Version {
    type Err = VersionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || VersionError(s.to_string());
        let body = s.trim().strip_prefix('v').unwrap_or(s.trim());
        let mut parts = body.split('.');
        let mut number = |required: bool| -> Result<Option<u32>, VersionError> {
            match parts.next() {
                Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| err())
                }
                Some(_) => Err(err()),
                None if required => Err(err()),
                None => Ok(None),
            }
        };
        let major = number(true)?.ok_or_else(err)?;
        let minor = number(true)?.ok_or_else(err)?;
        let _patch = number(false)?;
        if parts.next().is_some() {
            return Err(err());
        }
        Ok(Version { major, minor })
    }
}

impl Serialize for Version {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Serde helper for optional versions written as `""` when absent.
pub mod optional {
    use super::Version;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Version>, D::Error> {
        let s = String::deserialize(d)?;
        if s.trim().is_empty() {
            Ok(None)
        } else {
            s.parse().map(Some).map_err(serde::de::Error::custom)
        }
    }

    pub fn serialize<S: Serializer>(v: &Option<Version>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.collect_str(v),
            None => s.serialize_str(""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_minor_and_patch_forms() {
        assert_eq!("v1.22".parse(), Ok(Version::new(1, 22)));
        assert_eq!("v1.22.3".parse(), Ok(Version::new(1, 22)));
        assert_eq!("1.9".parse(), Ok(Version::new(1, 9)));
        assert_eq!(Version::new(1, 9).to_string(), "v1.9");
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "v",
            "vfoo",
            "v1",
            "v1.",
            "v1.x",
            "1.2.3.4",
            "v-1.2",
            "v1.22-rc.1",
        ] {
            assert!(bad.parse::<Version>().is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn orders_numerically() {
        assert!(Version::new(1, 9) < Version::new(1, 10));
        assert_eq!(Version::new(1, 33).next_minor(), Version::new(1, 34));
    }
}
