//! The tour being played: its title, "Step 3 of 7", the narration (read out by screen
//! readers as it changes), and Back, Next and Leave. The commands a step runs show in the
//! console and on the timeline like any other.

use crate::playground::{Intent, TourPlay};
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`TourPanel`].
#[derive(Properties, PartialEq)]
pub struct TourPanelProps {
    /// The tour and the step shown.
    pub play: Rc<TourPlay>,
    /// Where intents go.
    pub on_intent: Callback<Intent>,
}

/// The tour's narration and its buttons.
#[component]
pub fn TourPanel(props: &TourPanelProps) -> Html {
    let play = &props.play;
    let count = play.tour.steps.len();
    let last = play.step + 1 >= count;
    let narration = play.tour.steps.get(play.step).map(|s| s.narration.clone()).unwrap_or_default();
    html! {
        <section class="panel tour" aria-label="Guided tour" data-tour={play.name.clone()} data-step={(play.step + 1).to_string()}>
            <div class="tour-head">
                <h2>{play.tour.title.clone()}</h2>
                <span class="tour-progress">{format!("Step {} of {count}", play.step + 1)}</span>
            </div>
            <p class="tour-narration" aria-live="polite">{narration}</p>
            <div class="tour-buttons">
                <button id="tour-back" disabled={play.step == 0} onclick={props.on_intent.reform(|_| Intent::TourBack)}>{"◀ Back"}</button>
                <button id="tour-next" class="primary" onclick={props.on_intent.reform(|_| Intent::TourNext)}>
                    {if last { "Finish: free play" } else { "Next ▶" }}
                </button>
                <button id="tour-leave" class="quiet" onclick={props.on_intent.reform(|_| Intent::LeaveTour)}>{"Leave tour"}</button>
            </div>
        </section>
    }
}
