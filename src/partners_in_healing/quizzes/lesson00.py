"""Quiz of lesson 00, "Welcome: what a toy model is"."""

from . import Option, Question

QUESTIONS = [
    Question(
        "A virtual trial shows that therapy lowers the average HAM-D score by 4 points. What "
        "does that tell you about one particular patient?",
        (
            Option(
                "Very little: patients differ a lot around the average.",
                "Right. A trial estimates an average over many different people; individual "
                "patients vary widely around it, as the overlapping dots showed.",
            ),
            Option(
                "Their score will fall by 4 points, like everyone else's in the trial.",
                "Not quite. 4 points is the average; some patients improve much more, some "
                "not at all. Look again at how far the dots spread.",
            ),
            Option(
                "Therapy will not work for them.",
                "Not quite. An average fall of 4 points says nothing that bad about any one "
                "person: many patients in the therapy arm improved a lot.",
            ),
        ),
        0,
    ),
    Question(
        "Why do the lessons use a fixed random seed?",
        (
            Option(
                "So that the model is more accurate.",
                "Not quite. A seed does not make a model closer to the truth; it only makes the "
                "same random draws come out again.",
            ),
            Option(
                "Because random numbers are not allowed in science.",
                "Not quite. Random numbers are everywhere in science (randomised trials, "
                "simulations); the seed just makes them repeatable.",
            ),
            Option(
                "So that everybody in class sees the same picture.",
                "Right. The seed makes the virtual patients and their noise reproducible, so the "
                "lecturer's screen and every student's screen agree. Change the cohort number "
                "to see other draws.",
            ),
        ),
        2,
    ),
    Question(
        "The toy model matches a published trial it was fitted to. What does that show?",
        (
            Option(
                "That the model's mechanism is true.",
                "Not quite. Many different mechanisms could be tuned to match the same few "
                "numbers; a fit cannot tell them apart.",
            ),
            Option(
                "Not much: it was made to match.",
                "Right. Fitting guarantees agreement with the fitting target. A check against "
                "results the model was not fitted to is more informative, and even then a toy "
                "never becomes a clinical tool.",
            ),
            Option(
                "That the model can guide someone's treatment.",
                "No. These are teaching toys; decisions about treatment belong with a person "
                "and their clinicians, whatever any simulation shows.",
            ),
        ),
        1,
    ),
]
