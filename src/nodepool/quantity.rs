//! Kubernetes resource quantities (`500m`, `1.5`, `512Mi`, `1G`, `1e3`) as integers, and
//! [`Resources`], a CPU/memory pair.
//!
//! Hand-written rather than a crate: `k8s-openapi` keeps quantities as strings and the small
//! crates that parse them are unmaintained; the grammar is a number and one suffix.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

const MIB: f64 = 1024.0 * 1024.0;
const GIB: f64 = 1024.0 * MIB;

/// Why a quantity could not be read; names the offending text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuantityError {
    /// A number followed by a suffix that is not a Kubernetes unit.
    UnknownSuffix { text: String, suffix: String },
    /// No number, a negative one, or one that is not finite.
    Invalid { text: String },
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuantityError::UnknownSuffix { text, suffix } => {
                write!(f, "invalid quantity {text:?}: unknown suffix {suffix:?}")
            }
            QuantityError::Invalid { text } => write!(f, "invalid quantity {text:?}"),
        }
    }
}

impl std::error::Error for QuantityError {}

/// Parses a quantity to its value in base units (cores, bytes) as a float.
pub fn parse(text: &str) -> Result<f64, QuantityError> {
    let t = text.trim();
    let split = t
        .find(|c: char| c.is_ascii_alphabetic() && c != 'e' && c != 'E')
        .unwrap_or(t.len());
    let (number, suffix) = t.split_at(split);
    let multiplier = match suffix {
        "" => 1.0,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => MIB,
        "Gi" => GIB,
        "Ti" => GIB * 1024.0,
        "Pi" => GIB * 1024.0 * 1024.0,
        "Ei" => GIB * 1024.0 * 1024.0 * 1024.0,
        _ => {
            return Err(QuantityError::UnknownSuffix {
                text: text.to_string(),
                suffix: suffix.to_string(),
            });
        }
    };
    let invalid = || QuantityError::Invalid {
        text: text.to_string(),
    };
    let value: f64 = number.parse().map_err(|_| invalid())?;
    if !value.is_finite() || value < 0.0 {
        return Err(invalid());
    }
    Ok(value * multiplier)
}

/// CPU in millicores and memory in bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Resources {
    pub cpu_milli: u64,
    pub memory_bytes: u64,
}

impl Resources {
    pub fn new(cpu_milli: u64, memory_bytes: u64) -> Self {
        Self {
            cpu_milli,
            memory_bytes,
        }
    }

    /// Both values times `fraction`, rounded down (a balloon never exceeds its share).
    pub fn scaled(self, fraction: f64) -> Self {
        Self {
            cpu_milli: (self.cpu_milli as f64 * fraction).floor() as u64,
            memory_bytes: ((self.memory_bytes as f64 / MIB * fraction).floor() * MIB) as u64,
        }
    }

    /// Whether both values fit within `other`.
    pub fn fits_in(self, other: Resources) -> bool {
        self.cpu_milli <= other.cpu_milli && self.memory_bytes <= other.memory_bytes
    }

    /// GiB of memory per vCPU; `None` without CPU.
    pub fn gib_per_vcpu(self) -> Option<f64> {
        (self.cpu_milli > 0)
            .then(|| (self.memory_bytes as f64 / GIB) / (self.cpu_milli as f64 / 1000.0))
    }

    /// `7910m` (or whole cores when exact).
    pub fn cpu_text(self) -> String {
        cpu_text(self.cpu_milli)
    }

    /// `13621Mi` (or `Gi` when exact).
    pub fn memory_text(self) -> String {
        memory_text(self.memory_bytes)
    }
}

pub fn cpu_text(milli: u64) -> String {
    if milli.is_multiple_of(1000) {
        format!("{}", milli / 1000)
    } else {
        format!("{milli}m")
    }
}

pub fn memory_text(bytes: u64) -> String {
    let mib = bytes as f64 / MIB;
    if bytes.is_multiple_of(1 << 30) && bytes > 0 {
        format!("{}Gi", bytes >> 30)
    } else if mib.fract() == 0.0 {
        format!("{}Mi", mib as u64)
    } else {
        bytes.to_string()
    }
}

impl fmt::Display for Resources {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} CPU, {}", self.cpu_text(), self.memory_text())
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResourcesText {
    cpu: String,
    memory: String,
}

impl Serialize for Resources {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ResourcesText {
            cpu: self.cpu_text(),
            memory: self.memory_text(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Resources {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let t = ResourcesText::deserialize(d)?;
        let cpu = parse(&t.cpu).map_err(serde::de::Error::custom)?;
        let memory = parse(&t.memory).map_err(serde::de::Error::custom)?;
        Ok(Resources::new(
            (cpu * 1000.0).round() as u64,
            memory.round() as u64,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_kubernetes_accepts() {
        assert_eq!(parse("500m"), Ok(0.5));
        assert_eq!(parse("1.5"), Ok(1.5));
        assert_eq!(parse("512Mi"), Ok(512.0 * MIB));
        assert_eq!(parse("1G"), Ok(1e9));
        assert_eq!(parse("1e3"), Ok(1000.0));
        assert_eq!(parse("2Gi"), Ok(2.0 * GIB));
        assert!(parse("12 apples").is_err());
        assert!(parse("-1").is_err());
        assert!(parse("Mi").is_err());
    }

    #[test]
    fn prints_round_units() {
        let r = Resources::new(7910, 13621 * MIB as u64);
        assert_eq!(
            (r.cpu_text(), r.memory_text()),
            ("7910m".into(), "13621Mi".into())
        );
        assert_eq!(Resources::new(2000, 1 << 30).to_string(), "2 CPU, 1Gi");
        assert_eq!(Resources::new(1000, 4 << 30).gib_per_vcpu(), Some(4.0));
    }
}
