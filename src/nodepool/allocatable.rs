//! Node allocatable from the clouds' published reservation formulas, so a changed machine type
//! in `.abema.yaml` gets the right numbers without a lookup table.
//!
//! - GKE (<https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes>): CPU
//!   reserves 6% of the first core, 1% of the second, 0.5% of cores 3-4 and 0.25% above;
//!   memory reserves 25% of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of the
//!   next 112 and 2% above, plus a 100 MiB eviction threshold.
//! - EKS (the AMI bootstrap and Karpenter's instance table): the same CPU ladder; memory is
//!   what EC2 reports (7.5% below the nominal size) minus `11 MiB * maxPods + 255 MiB` and the
//!   100 MiB eviction threshold. This reproduces Karpenter's published figures for c5.2xlarge
//!   (14162Mi) and r5.xlarge (29317Mi).

use super::quantity::Resources;

const MIB: u64 = 1024 * 1024;

/// The shared CPU reservation ladder, in millicores.
fn reserved_cpu_milli(vcpu: u32) -> u64 {
    let mut reserved: f64 = 0.0;
    for core in 1..=vcpu {
        reserved += match core {
            1 => 60.0,
            2 => 10.0,
            3 | 4 => 5.0,
            _ => 2.5,
        };
    }
    reserved.ceil() as u64
}

pub fn gke(vcpu: u32, memory_gib: u32) -> Resources {
    let total_mib = f64::from(memory_gib) * 1024.0;
    let mut reserved = 0.0;
    let mut left = total_mib;
    for (band_gib, share) in [
        (4.0, 0.25),
        (4.0, 0.20),
        (8.0, 0.10),
        (112.0, 0.06),
        (f64::MAX, 0.02),
    ] {
        let band = (band_gib * 1024.0_f64).min(left);
        reserved += band * share;
        left -= band;
        if left <= 0.0 {
            break;
        }
    }
    let mib = (total_mib - reserved - 100.0).floor() as u64;
    Resources::new(u64::from(vcpu) * 1000 - reserved_cpu_milli(vcpu), mib * MIB)
}

pub fn eks(vcpu: u32, memory_gib: u32, max_pods: Option<u32>) -> Resources {
    let reported_mib = (f64::from(memory_gib) * 1024.0 * 0.925).floor();
    let kube_reserved = 11.0 * f64::from(max_pods.unwrap_or(110)) + 255.0;
    let mib = (reported_mib - kube_reserved - 100.0).floor() as u64;
    Resources::new(u64::from(vcpu) * 1000 - reserved_cpu_milli(vcpu), mib * MIB)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproduces_the_published_figures() {
        // research/nodepool-ecosystem.md 2.2
        assert_eq!(gke(8, 16), Resources::new(7910, 13621 * MIB));
        assert_eq!(gke(4, 32), Resources::new(3920, 29022 * MIB));
        assert_eq!(eks(8, 16, Some(58)), Resources::new(7910, 14162 * MIB));
        assert_eq!(eks(4, 32, Some(58)), Resources::new(3920, 29317 * MIB));
    }
}
