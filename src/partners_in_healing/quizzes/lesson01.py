"""Quiz of lesson 01, "The additive effect"."""

from . import Option, Question

QUESTIONS = [
    Question(
        "In a trial, 50 % respond to medication alone and 40 % to therapy alone; 20 % would "
        "have responded with no treatment at all (they are in both arms). If the two "
        "treatments act independently, what share would you expect to respond to the "
        "combination?",
        (
            Option(
                "70 %",
                "Not quite. 1 − 0.5 × 0.6 = 70 % is the naive rule: it counts twice the patients "
                "who respond anyway, since they are in both single arms.",
            ),
            Option(
                "62.5 %",
                "Right. Neither treatment reaches 0.5 × 0.6 / 0.8 = 37.5 % of all patients (the "
                "20 % who respond anyway are counted once, not twice), so 1 − 0.375 = 62.5 % "
                "respond.",
            ),
            Option(
                "90 %",
                "Not quite. Adding the rates counts twice the people whom both treatments would "
                "help (and the sum can pass 100 %).",
            ),
            Option(
                "20 %",
                "Not quite. 0.5 × 0.4 = 20 % is the share helped by both treatments; we want the "
                "share helped by at least one.",
            ),
        ),
        1,
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
