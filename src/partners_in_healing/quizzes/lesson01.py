"""Quiz of lesson 01, "The additive effect"."""

from . import Option, Question

QUESTIONS = [
    Question(
        "Medication alone helps 30 % of patients and therapy alone 40 %. Suppose nobody would "
        "have responded without treatment and the two act independently. What share would you "
        "expect to respond to the combination?",
        (
            Option(
                "70 %",
                "Not quite. Adding the rates counts twice the people whom both treatments would "
                "help (and with 70 % and 60 % the sum would pass 100 %).",
            ),
            Option(
                "12 %",
                "Not quite. 0.3 × 0.4 = 12 % is the share helped by both treatments; we want the "
                "share helped by at least one.",
            ),
            Option(
                "40 %",
                "Not quite. That is the better single treatment; it leaves out the patients whom "
                "only medication helps.",
            ),
            Option(
                "58 %",
                "Right. Neither treatment helps 0.7 × 0.6 = 42 % of patients, so 1 − 0.42 = 58 % "
                "respond to at least one.",
            ),
        ),
        3,
    ),
    Question(
        "One small trial (20 patients per arm) of combined treatment against medication finds "
        "g = 0.15, 95 % CI −0.47 to 0.77. What is the best reading?",
        (
            Option(
                "The combination does not help.",
                "Not quite. 'No clear difference found' is not 'no difference': the interval "
                "also holds effects larger than the pooled g = 0.43.",
            ),
            Option(
                "The combination helps by exactly 0.15 standard deviations, no more and no less.",
                "Not quite. 0.15 is this trial's estimate; with 20 patients per arm the true "
                "effect could lie anywhere from about −0.5 to 0.8.",
            ),
            Option(
                "It is too small to tell: the interval holds no effect and large effects alike.",
                "Right. A wide interval that crosses zero cannot tell small, zero and moderate "
                "effects apart. This is why meta-analyses pool many trials.",
            ),
            Option(
                "Medication alone is better than the combination.",
                "Not quite. The estimate favours the combination slightly, and the interval is "
                "far too wide to say that either is better.",
            ),
        ),
        2,
    ),
    Question(
        "The toy model reproduces the numbers it was fitted to within a few percentage points. "
        "What does that show?",
        (
            Option(
                "That the fit worked, and no more.",
                "Right. Those numbers were used to choose the model's parameters, so agreement "
                "is expected. A real test needs numbers the model was not fitted to: the checks "
                "in the Model vs. evidence section.",
            ),
            Option(
                "That the model has been validated against real patients.",
                "Not quite. Validation needs data the model did not see while it was fitted; "
                "matching its own fitting targets is built in.",
            ),
            Option(
                "That combined treatment is the best choice for everyone.",
                "No. A toy cannot say what anyone should choose, and the evidence shows that "
                "the benefit of combining differs between groups of patients.",
            ),
            Option(
                "Nothing at all, because simulations are random.",
                "Not quite. With a fixed seed and many virtual patients the numbers are stable; "
                "the point is that the agreement was arranged by the fit.",
            ),
        ),
        0,
    ),
]
