//! The cluster DNS as a table: every name that resolves now and its answers. Records
//! appear when a pod becomes Ready and disappear when it stops being Ready.

use sts_engine::dns::{DnsRecord, RecordType};
use yew::prelude::*;

/// Properties of [`DnsTable`].
#[derive(Properties, PartialEq)]
pub struct DnsTableProps {
    /// The records to list.
    pub records: Vec<DnsRecord>,
}

/// The DNS table.
#[component]
pub fn DnsTable(props: &DnsTableProps) -> Html {
    let rows: Html = props
        .records
        .iter()
        .map(|r| {
            let kind = match r.type_ {
                RecordType::A => "A",
                RecordType::SRV => "SRV",
            };
            html! {
                <tr key={format!("{kind} {}", r.name)} data-name={r.name.clone()}>
                    <td class="mono">{&r.name}</td>
                    <td class="type">{kind}</td>
                    <td class="mono">{ for r.answers.iter().map(|a| html! { <div>{a}</div> }) }</td>
                </tr>
            }
        })
        .collect();
    html! {
        <section class="panel dns" aria-labelledby="dns-title">
            <h2 id="dns-title">{"DNS"}</h2>
            if props.records.is_empty() {
                <p class="muted">{"No name resolves yet: records exist only for Ready pods."}</p>
            } else {
                <table>
                    <thead><tr><th scope="col">{"Name"}</th><th scope="col" class="type">{"Type"}</th><th scope="col">{"Answers"}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        </section>
    }
}
