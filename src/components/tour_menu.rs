//! The list of guided tours: choosing one asks for it to start from its first step.

use crate::tour_list::TOURS;
use yew::prelude::*;

/// Properties of [`TourMenu`].
#[derive(Properties, PartialEq)]
pub struct TourMenuProps {
    /// Called with the chosen tour's name.
    pub on_choose: Callback<String>,
}

/// The tour picker.
#[component]
pub fn TourMenu(props: &TourMenuProps) -> Html {
    let on_change = props.on_choose.reform(|e: Event| {
        let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
        let name = select.value();
        select.set_value("");
        name
    });
    html! {
        <select id="tours" class="tours" aria-label="Guided tours" onchange={on_change}>
            <option value="" selected=true>{"Guided tours…"}</option>
            { for TOURS.iter().map(|(name, title)| html! { <option value={*name}>{*title}</option> }) }
        </select>
    }
}
