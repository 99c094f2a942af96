"""Quiz of lesson 02, "Bottom-up versus top-down"."""

from . import Option, Question

QUESTIONS = [
    Question(
        "In the toy, why does medication alone leave so little benefit six months after it stops?",
        (
            Option(
                "The drug builds up in the body for months and then suddenly stops working "
                "altogether.",
                "Not quite. The concentration falls with the half-life, within days to weeks "
                "(even fluoxetine-like drugs are gone within a couple of months).",
            ),
            Option(
                "Medication weakens the prefrontal node.",
                "Not quite. In the toy, medication acts on the limbic gain, not on prefrontal "
                "control.",
            ),
            Option(
                "Its effect lasts only while the drug is there, and little practice used the "
                "window.",
                "Right. The bottom-up effect follows the concentration, so it fades within weeks "
                "of stopping. The plasticity window was open, but with no therapy only a little "
                "everyday experience used it.",
            ),
            Option(
                "Medication blocks learning.",
                "Not quite. In the toy it does the opposite: while it acts, the learning rate "
                "is higher.",
            ),
        ),
        2,
    ),
    Question(
        "According to Harmer and colleagues (2009), what tends to come first when someone "
        "starts an antidepressant?",
        (
            Option(
                "Emotional processing shifts within a week or two; mood follows later.",
                "Right. The drug first shifts emotional processing (for example, noticing "
                "positive faces more), a platform for relearning; mood follows gradually. In the "
                "toy, limbic reactivity makes most of its change by week 2, well before the "
                "score does.",
            ),
            Option(
                "Mood lifts first; how emotional information is processed changes only later.",
                "Not quite. Harmer's account is the other way round: processing shifts early, "
                "mood later, through experience.",
            ),
            Option(
                "Both change on the first day.",
                "Not quite. Neither changes that fast; the processing shift takes days to a "
                "week or two.",
            ),
            Option(
                "Nothing changes before week 8.",
                "Not quite. Changes in emotional processing appear within the first week or "
                "two, and SSRIs separate from placebo by week 1 (Taylor 2006).",
            ),
        ),
        0,
    ),
    Question(
        "What did Goldapple et al. (2004) find in the frontal cortex of people who recovered "
        "with CBT (cognitive behavioural therapy)?",
        (
            Option(
                "Frontal activity rose, just as the prefrontal node rises in this toy.",
                "Not quite. That is what the toy's 'therapy raises the prefrontal node' would "
                "suggest, but Goldapple's CBT responders showed the opposite in frontal cortex.",
            ),
            Option(
                "No change anywhere in the brain.",
                "Not quite. They found changes in several regions, in both treatment groups.",
            ),
            Option(
                "Exactly the same changes as with paroxetine.",
                "Not quite. The two treatments changed the brain in different, partly opposite "
                "directions; paroxetine responders showed prefrontal increases.",
            ),
            Option(
                "Frontal decreases, with hippocampus and dorsal cingulate increases.",
                "Right. A pattern the toy's simple 'therapy raises the prefrontal node' cannot "
                "show: real brains have many regions and directions, and a two-node toy is a "
                "cartoon of one idea.",
            ),
        ),
        3,
    ),
]
