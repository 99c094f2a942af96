"""Quiz of lesson 03, "Relapse reduction"."""

from . import Option, Question

QUESTIONS = [
    Question(
        "In the toy, why does the risk of relapse rise after medication stops, but not after "
        "therapy ends?",
        (
            Option(
                "Medication stops working after 16 weeks anyway.",
                "Not quite. In the toy, medication keeps tilting the landscape for as long as "
                "it is taken; the risk rises when it stops.",
            ),
            Option(
                "Medication tilts the landscape only while taken; therapy reshapes it, and that "
                "stays.",
                "Right. The tilt follows the drug concentration, which falls with the half-life "
                "once the pills stop. Therapy's deeper healthy valley is stored in skills that "
                "fade only slowly. Hollon 2005 fits this picture; DeRubeis 2020 does not.",
            ),
            Option(
                "Therapy keeps going in secret after the sessions end.",
                "Not quite. Nothing is given after therapy ends (except the boosters you set); "
                "what stays is what was learned.",
            ),
            Option(
                "Stopping medication causes a new stressful life event, which then tips the "
                "patient over.",
                "Not quite. Life events come at random, whatever the plan; the same events hit "
                "a landscape that is no longer tilted.",
            ),
        ),
        1,
    ),
    Question(
        "Three patients leave a study at week 10 without having relapsed. How does a "
        "Kaplan-Meier curve treat them?",
        (
            Option(
                "As relapses at week 10.",
                "Not quite. Counting people who left as relapses overestimates relapse.",
            ),
            Option(
                "As well for the whole year.",
                "Not quite. That is the naive count, which underestimates relapse: nobody knows "
                "how they did after week 10.",
            ),
            Option(
                "As removed from the study, as if they had never been in it.",
                "Not quite. Their first 10 weeks without relapse are real information, and the "
                "curve uses it.",
            ),
            Option(
                "As at risk up to week 10, then no longer counted.",
                "Right. They are censored: they count as at risk while they are followed, and "
                "then leave the denominator.",
            ),
        ),
        3,
    ),
    Question(
        "A trial reports a hazard ratio of 0.45 (95 % CI 0.30–0.68) for continued medication "
        "against placebo. Which reading is right?",
        (
            Option(
                "People on continued medication relapsed at about half the rate, and 1 is outside "
                "the interval.",
                "Right. A hazard ratio compares rates of relapse over time, not shares; an "
                "interval that stays below 1 is hard to explain without a real difference.",
            ),
            Option(
                "45 % of patients on continued medication relapsed.",
                "Not quite. A hazard ratio compares two rates; it is not the share who relapsed.",
            ),
            Option(
                "Continued medication prevents 55 % of all relapses for ever, in every patient who "
                "keeps taking it.",
                "Not quite. It compares rates during the trial only, and says nothing about "
                "'for ever'.",
            ),
            Option(
                "The result is uncertain because the interval does not include 0.",
                "Not quite. For a ratio, 'no difference' is 1, not 0; this interval excludes 1.",
            ),
        ),
        0,
    ),
]
