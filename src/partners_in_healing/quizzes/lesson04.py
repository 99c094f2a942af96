"""Quiz of lesson 04, "Who benefits, and finding what works"."""

from . import Option, Question

QUESTIONS = [
    Question(
        "A large trial finds that adding therapy to medication lowers HAM-D scores by 3 points "
        "on average. What does that tell you about one particular patient?",
        (
            Option(
                "That patient will improve by about 3 points if therapy is added to their "
                "medication.",
                "Not quite. An average can hide a wide spread: in the toy, some patients gain "
                "nothing and others gain 10 points or more, around the same 3-point average.",
            ),
            Option(
                "Little: it is the average of gains that differ from person to person.",
                "Right. Each person lives through only one plan, so a trial sees the difference "
                "between groups. Only a simulation can show every patient's own gain.",
            ),
            Option(
                "Nothing at all: trials say nothing about real people.",
                "Not quite. The average is real and useful, for example to choose a first plan "
                "for many people; it just cannot say how much one person will gain.",
            ),
            Option(
                "That patient will gain 3 points only if their depression is severe.",
                "Not quite. Severity may change the size of an effect (it is a possible "
                "moderator), but the average itself says nothing about who gains what.",
            ),
        ),
        1,
    ),
    Question(
        "A trial reports response among those who completed it (completers) and among everyone "
        "randomised (intention-to-treat). Which is usually higher, and why?",
        (
            Option(
                "Intention-to-treat, because it counts everyone who was randomised, so more "
                "people.",
                "Not quite. More people does not mean more responders: those who left early "
                "usually count as not responding, or keep the score they had when they left.",
            ),
            Option(
                "They are always the same in a randomised trial.",
                "Not quite. Randomisation makes the arms alike at the start; who leaves later "
                "is not random, and then the two analyses differ (Keller 2000: 73 % vs 85 %).",
            ),
            Option(
                "Completers: those who feel no better or have side effects leave more.",
                "Right. Completers are a selected group: those who left were doing worse on "
                "average, so completers look better. Intention-to-treat keeps the comparison "
                "fair.",
            ),
        ),
        2,
    ),
    Question(
        "In STAR*D (Rush et al. 2006), remission was 36.8 % at the first step and 13.0 % at the "
        "fourth. What is the toy's explanation for the fall?",
        (
            Option(
                "Later steps reach the people whom earlier drugs did not help.",
                "Right. Each step leaves behind a harder group, and in the toy a new drug's "
                "benefit is partly like the last one's; later drugs are also set to help less. "
                "Real reasons may differ: the toy only fits the numbers.",
            ),
            Option(
                "Later drugs are fake.",
                "Not quite. Later steps used real treatments; fewer people remitted because the "
                "people who were still ill were harder to help.",
            ),
            Option(
                "Patients stopped taking their medication by the later steps, so it could not "
                "work.",
                "Not quite. Adherence matters in the toy, but it is the same at every step; the "
                "fall comes from who is left and from less helpful later drugs.",
            ),
            Option(
                "The fourth step was shorter.",
                "Not quite. In the toy every step lasts the same number of weeks (the check "
                "week); the fall comes from who reaches the later steps.",
            ),
        ),
        0,
    ),
]
