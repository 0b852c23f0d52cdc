//! Pod IP allocation: each node hands out addresses from its podCIDR in order, and does
//! not reuse one until the range wraps, so a re-created pod always gets a new IP.

use crate::api::Node;
use crate::flat_map::FlatMap;

/// The first host number handed out in a /24 (`.1` is the node's bridge).
const FIRST_HOST: u32 = 2;
/// The last host number handed out in a /24 (`.255` is broadcast).
const LAST_HOST: u32 = 254;

/// The next free host number of every node's pod range.
#[derive(Debug, Clone, Default)]
pub struct PodIpAllocator {
    next_host: FlatMap<String, u32>,
}

impl PodIpAllocator {
    /// The next IP of `node`'s podCIDR (a /24 such as `10.244.1.0/24`), or `None` if the
    /// node has no usable podCIDR.
    pub fn allocate(&mut self, node: &Node) -> Option<String> {
        let cidr = node.spec.pod_cidr.as_deref()?;
        let (network, prefix) = cidr.split_once('/')?;
        if prefix != "24" {
            return None;
        }
        let octets: Vec<u8> = network.split('.').map(str::parse).collect::<Result<_, _>>().ok()?;
        let [a, b, c, _] = octets[..] else {
            return None;
        };
        let next = self.next_host.entry(node.metadata.name.clone()).or_insert(FIRST_HOST);
        let host = *next;
        *next = if host >= LAST_HOST { FIRST_HOST } else { host + 1 };
        Some(format!("{a}.{b}.{c}.{host}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::node::NodeSpec;
    use crate::api::ObjectMeta;

    fn node(name: &str, cidr: &str) -> Node {
        Node {
            metadata: ObjectMeta { name: name.into(), ..Default::default() },
            spec: NodeSpec { pod_cidr: Some(cidr.into()), ..Default::default() },
            ..Default::default()
        }
    }

    #[test]
    fn ips_come_in_order_per_node_and_wrap() {
        let mut ipam = PodIpAllocator::default();
        let n1 = node("node-1", "10.244.1.0/24");
        let n2 = node("node-2", "10.244.2.0/24");
        assert_eq!(ipam.allocate(&n1).as_deref(), Some("10.244.1.2"));
        assert_eq!(ipam.allocate(&n1).as_deref(), Some("10.244.1.3"));
        assert_eq!(ipam.allocate(&n2).as_deref(), Some("10.244.2.2"));
        for _ in 4..=254 {
            ipam.allocate(&n1);
        }
        assert_eq!(ipam.allocate(&n1).as_deref(), Some("10.244.1.2"));
    }

    #[test]
    fn a_node_without_a_usable_range_gets_none() {
        let mut ipam = PodIpAllocator::default();
        assert_eq!(ipam.allocate(&node("x", "garbage")), None);
        assert_eq!(ipam.allocate(&node("x", "10.0.0.0/16")), None);
    }
}
