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

/// The record type as the table writes it.
fn kind(record: &DnsRecord) -> &'static str {
    match record.type_ {
        RecordType::A => "A",
        RecordType::SRV => "SRV",
    }
}

/// Properties of [`DnsRow`].
#[derive(Properties, PartialEq)]
pub struct DnsRowProps {
    /// The record the row shows.
    pub record: DnsRecord,
}

/// One record: its name, type and answers.
#[component]
pub fn DnsRow(props: &DnsRowProps) -> Html {
    let r = &props.record;
    html! {
        <tr data-name={r.name.clone()}>
            <td class="mono">{&r.name}</td>
            <td class="type">{kind(r)}</td>
            <td class="mono">{ for r.answers.iter().map(|a| html! { <div>{a}</div> }) }</td>
        </tr>
    }
}

/// The DNS table.
#[component]
pub fn DnsTable(props: &DnsTableProps) -> Html {
    // One component per record: a tick redraws only the records that changed.
    let rows: Html = props
        .records
        .iter()
        .map(|r| html! { <DnsRow key={format!("{} {}", kind(r), r.name)} record={r.clone()} /> })
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
