"""Published numbers the toy models are calibrated to or checked against.

Every number here matches ``shared/evidence.md`` of the project and carries its
citation. Rates are fractions (0-1); times are weeks or months as named.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """A citation: short key for tables, full reference for the reference list."""

    key: str
    full: str


KELLER_2000 = Source(
    "Keller et al. 2000",
    "Keller MB, McCullough JP, Klein DN, et al. A comparison of nefazodone, the cognitive "
    "behavioral-analysis system of psychotherapy, and their combination for the treatment "
    "of chronic depression. N Engl J Med. 2000;342(20):1462-1470.",
)
DERUBEIS_2005 = Source(
    "DeRubeis et al. 2005",
    "DeRubeis RJ, Hollon SD, Amsterdam JD, et al. Cognitive therapy vs medications in the "
    "treatment of moderate to severe depression. Arch Gen Psychiatry. 2005;62(4):409-416.",
)
CUIJPERS_2014 = Source(
    "Cuijpers et al. 2014",
    "Cuijpers P, Sijbrandij M, Koole SL, et al. Adding psychotherapy to antidepressant "
    "medication in depression and anxiety disorders: a meta-analysis. World Psychiatry. "
    "2014;13(1):56-67.",
)
CUIJPERS_2013 = Source(
    "Cuijpers et al. 2013",
    "Cuijpers P, Sijbrandij M, Koole SL, Andersson G, Beekman AT, Reynolds CF 3rd. The "
    "efficacy of psychotherapy and pharmacotherapy in treating depressive and anxiety "
    "disorders: a meta-analysis of direct comparisons. World Psychiatry. 2013;12(2):137-148.",
)
CUIJPERS_2009 = Source(
    "Cuijpers et al. 2009",
    "Cuijpers P, van Straten A, Warmerdam L, Andersson G. Psychotherapy versus the "
    "combination of psychotherapy and pharmacotherapy in the treatment of depression: "
    "a meta-analysis. Depress Anxiety. 2009;26(3):279-288.",
)
CUIJPERS_2020 = Source(
    "Cuijpers et al. 2020",
    "Cuijpers P, Noma H, Karyotaki E, et al. A network meta-analysis of the effects of "
    "psychotherapies, pharmacotherapies and their combination in the treatment of adult "
    "depression. World Psychiatry. 2020;19(1):92-107.",
)
HOLLON_2005 = Source(
    "Hollon et al. 2005",
    "Hollon SD, DeRubeis RJ, Shelton RC, et al. Prevention of relapse following cognitive "
    "therapy vs medications in moderate to severe depression. Arch Gen Psychiatry. "
    "2005;62(4):417-422.",
)
GEDDES_2003 = Source(
    "Geddes et al. 2003",
    "Geddes JR, Carney SM, Davies C, et al. Relapse prevention with antidepressant drug "
    "treatment in depressive disorders: a systematic review. Lancet. 2003;361(9358):653-661.",
)
KATO_2021 = Source(
    "Kato et al. 2021",
    "Kato M, Hori H, Inoue T, et al. Discontinuation of antidepressants after remission with "
    "antidepressant medication in major depressive disorder: a systematic review and "
    "meta-analysis. Mol Psychiatry. 2021;26(1):118-133.",
)
GUIDI_2016 = Source(
    "Guidi et al. 2016",
    "Guidi J, Tomba E, Fava GA. The sequential integration of pharmacotherapy and "
    "psychotherapy in the treatment of major depressive disorder: a meta-analysis of the "
    "sequential model and a critical review of the literature. Am J Psychiatry. "
    "2016;173(2):128-137.",
)
FURUKAWA_2019 = Source(
    "Furukawa et al. 2019",
    "Furukawa TA, Cipriani A, Cowen PJ, Leucht S, Egger M, Salanti G. Optimal dose of "
    "selective serotonin reuptake inhibitors, venlafaxine, and mirtazapine in major "
    "depression: a systematic review and dose-response meta-analysis. Lancet Psychiatry. "
    "2019;6(7):601-609.",
)
TAYLOR_2006 = Source(
    "Taylor et al. 2006",
    "Taylor MJ, Freemantle N, Geddes JR, Bhagwagar Z. Early onset of selective serotonin "
    "reuptake inhibitor antidepressant action: systematic review and meta-analysis. "
    "Arch Gen Psychiatry. 2006;63(11):1217-1223.",
)

# Response (>= 50 % HAM-D drop) at week 12, analysed sample (n = 662), chronic depression.
KELLER_RESPONSE_WEEK12 = {"medication": 0.48, "therapy": 0.48, "combined": 0.73}
# Same trial, completers (n = 519): a check, not a fitting target.
KELLER_RESPONSE_COMPLETERS = {"medication": 0.55, "therapy": 0.52, "combined": 0.85}
# Response at weeks 8 and 16, moderate-severe outpatients (n = 240).
DERUBEIS_RESPONSE = {
    8: {"medication": 0.50, "therapy": 0.43, "no treatment": 0.25},
    16: {"medication": 0.58, "therapy": 0.58},
}
# Meta-analytic effect sizes (Hedges g, with 95 % CI).
G_COMBINED_VS_DRUG = (0.43, 0.31, 0.56)  # Cuijpers 2014, 52 RCTs
G_COMBINED_VS_THERAPY = (0.35, 0.24, 0.45)  # Cuijpers 2009, 18 RCTs
# Direct comparisons, 67 RCTs, 5,993 patients (depression and anxiety disorders). The
# project's evidence table files it under "Cuijpers et al. 2014"; the paper appeared in
# World Psychiatry in 2013 (CUIJPERS_2013 below).
G_DRUG_VS_THERAPY = (0.02, -0.07, 0.10)
NNT_COMBINED_VS_DRUG = 4.2  # Cuijpers 2014
# Network meta-analysis, response risk ratios (with 95 % CI).
RR_COMBINED_VS_THERAPY = (1.27, 1.14, 1.39)  # Cuijpers 2020
RR_COMBINED_VS_DRUG = (1.25, 1.14, 1.37)  # Cuijpers 2020
RR_THERAPY_VS_DRUG = (0.99, 0.92, 1.08)  # Cuijpers 2020
# Relapse over about 12 months after response.
HOLLON_RELAPSE_12M = {
    "prior therapy": 0.308,
    "continued medication": 0.472,
    "medication withdrawn": 0.762,
}
GEDDES_RELAPSE_1Y = {"placebo": 0.41, "continued medication": 0.18}
# Kato 2021, 40 studies, 8,890 responders: relapse after switching to placebo vs continuing.
KATO_RELAPSE = {"placebo": 0.397, "continued medication": 0.209}
KATO_OR_CONTINUE_VS_PLACEBO = (0.38, 0.33, 0.43)  # odds ratio of relapse, with 95 % CI
# Guidi 2016, 13 RCTs: relapse/recurrence risk ratio, sequential CBT after acute drug response
# vs control (all designs), and CBT added while the drug continues vs drug/usual care.
GUIDI_RR_SEQUENTIAL = (0.78, 0.67, 0.91)
GUIDI_RR_CBT_WHILE_DRUG_CONTINUES = (0.81, 0.69, 0.96)
# Furukawa 2019 (77 fixed-dose RCTs): SSRI response rises up to 20-40 mg fluoxetine
# equivalents (about one standard dose), then is level or falls at higher licensed doses.
FURUKAWA_DOSE_PLATEAU = (
    "response level above about one standard dose (20-40 mg fluoxetine equivalents)"
)

# --- counter-evidence and method sources ----------------------------------------------------
# (evidence.md, "Counter-evidence to show, not hide". Note: evidence.md names the Lancet
# Psychiatry for DeRubeis 2020; the trial appeared in JAMA Psychiatry, cited below.)
REYNOLDS_2006 = Source(
    "Reynolds et al. 2006",
    "Reynolds CF 3rd, Dew MA, Pollock BG, et al. Maintenance treatment of major depression in old "
    "age. "
    "N Engl J Med. 2006;354(11):1130-1138.",
)
DERUBEIS_2020 = Source(
    "DeRubeis et al. 2020",
    "DeRubeis RJ, Zajecka J, Shelton RC, et al. Prevention of recurrence after recovery from a "
    "major "
    "depressive episode with antidepressant medication alone or in combination with cognitive "
    "behavioral "
    "therapy: phase 2 of a 2-phase randomized clinical trial. JAMA Psychiatry. 2020;77(3):237-245.",
)
HOLLON_2014 = Source(
    "Hollon et al. 2014",
    "Hollon SD, DeRubeis RJ, Fawcett J, et al. Effect of cognitive therapy with antidepressant "
    "medications "
    "vs antidepressants alone on the rate of recovery in major depressive disorder: a randomized "
    "clinical "
    "trial. JAMA Psychiatry. 2014;71(10):1157-1164.",
)
VON_WOLFF_2012 = Source(
    "von Wolff et al. 2012",
    "von Wolff A, Hölzel LP, Westphal A, Härter M, Kriston L. Combination of pharmacotherapy and "
    "psychotherapy in the treatment of chronic depression: a systematic review and meta-analysis. "
    "BMC Psychiatry. 2012;12:61.",
)
VAN_DE_LEEMPUT_2014 = Source(
    "van de Leemput et al. 2014",
    "van de Leemput IA, Wichers M, Cramer AOJ, et al. Critical slowing down as early warning for "
    "the onset "
    "and termination of depression. Proc Natl Acad Sci U S A. 2014;111(1):87-92.",
)
CRAMER_2016 = Source(
    "Cramer et al. 2016",
    "Cramer AOJ, van Borkulo CD, Giltay EJ, et al. Major depression as a complex dynamic system. "
    "PLoS One. 2016;11(12):e0167490.",
)
DEMIC_CHENG_2014 = Source(
    "Demic & Cheng 2014",
    "Demic S, Cheng S. Modeling the dynamics of disease states in depression. PLoS One. "
    "2014;9(10):e110358.",
)
LIFELINES = Source(
    "Davidson-Pilon 2019",
    "Davidson-Pilon C. lifelines: survival analysis in Python. J Open Source Softw. "
    "2019;4(40):1317.",
)

# Reynolds 2006 (age >= 70, 2 years of maintenance): recurrence with paroxetine + IPT vs paroxetine
# alone.
REYNOLDS_RECURRENCE_2Y = {"medication + monthly therapy": 0.35, "medication alone": 0.37}
# Hollon 2014 (severe, non-chronic depression): recovery with CT added vs medication alone.
HOLLON_2014_RECOVERY_SEVERE_NONCHRONIC = {"medication + therapy": 0.81, "medication alone": 0.52}

# --- mechanism directions (lesson 02) ----------------------------------------------------
DERUBEIS_SIEGLE_HOLLON_2008 = Source(
    "DeRubeis, Siegle & Hollon 2008",
    "DeRubeis RJ, Siegle GJ, Hollon SD. Cognitive therapy versus medication for depression: "
    "treatment outcomes and neural mechanisms. Nat Rev Neurosci. 2008;9(10):788-796.",
)
GOLDAPPLE_2004 = Source(
    "Goldapple et al. 2004",
    "Goldapple K, Segal Z, Garson C, et al. Modulation of cortical-limbic pathways in major "
    "depression: treatment-specific effects of cognitive behavior therapy. Arch Gen Psychiatry. "
    "2004;61(1):34-41.",
)
HARMER_2009 = Source(
    "Harmer et al. 2009",
    "Harmer CJ, Goodwin GM, Cowen PJ. Why do antidepressants take so long to work? A cognitive "
    "neuropsychological model of antidepressant drug action. Br J Psychiatry. 2009;195(2):102-108.",
)
CASTREN_2005 = Source(
    "Castrén 2005", "Castrén E. Is mood chemistry? Nat Rev Neurosci. 2005;6(3):241-246."
)
MAYA_VETENCOURT_2008 = Source(
    "Maya Vetencourt et al. 2008",
    "Maya Vetencourt JF, Sale A, Viegi A, et al. The antidepressant fluoxetine restores plasticity "
    "in the adult visual cortex. Science. 2008;320(5874):385-388.",
)
MECHANISM_SOURCES = (
    DERUBEIS_SIEGLE_HOLLON_2008,
    GOLDAPPLE_2004,
    HARMER_2009,
    CASTREN_2005,
    MAYA_VETENCOURT_2008,
)

# --- lesson 04: who benefits, adherence, dropout, steps of care ------------------------------
RUSH_2006 = Source(
    "Rush et al. 2006",
    "Rush AJ, Trivedi MH, Wisniewski SR, et al. Acute and longer-term outcomes in depressed "
    "outpatients requiring one or several treatment steps: a STAR*D report. Am J Psychiatry. "
    "2006;163(11):1905-1917.",
)
WAGNER_2017 = Source(
    "Wagner et al. 2017",
    "Wagner S, Engel A, Engelmann J, et al. Early improvement as a resilience signal predicting "
    "later remission to antidepressant treatment in patients with major depressive disorder: "
    "systematic review and meta-analysis. J Psychiatr Res. 2017;94:96-106.",
)
FURUKAWA_2019 = Source(
    "Furukawa et al. 2019",
    "Furukawa TA, Cipriani A, Cowen PJ, Leucht S, Egger M, Salanti G. Optimal dose of selective "
    "serotonin reuptake inhibitors, venlafaxine, and mirtazapine in major depression: a systematic "
    "review and dose-response meta-analysis. Lancet Psychiatry. 2019;6(7):601-609.",
)
KIRSCH_2008 = Source(
    "Kirsch et al. 2008",
    "Kirsch I, Deacon BJ, Huedo-Medina TB, Scoboria A, Moore TJ, Johnson BT. Initial severity and "
    "antidepressant benefits: a meta-analysis of data submitted to the Food and Drug "
    "Administration. PLoS Med. 2008;5(2):e45.",
)
THASE_1997 = Source(
    "Thase et al. 1997",
    "Thase ME, Greenhouse JB, Frank E, et al. Treatment of major depression with psychotherapy or "
    "psychotherapy-pharmacotherapy combinations. Arch Gen Psychiatry. 1997;54(11):1009-1015.",
)
CUIJPERS_2014_MATURITAS = Source(
    "Cuijpers et al. 2014 (Maturitas)",
    "Cuijpers P, Karyotaki E, Pot AM, Park M, Reynolds CF 3rd. Managing depression in older age: "
    "psychological interventions. Maturitas. 2014;79(2):160-169.",
)

# STAR*D (3,671 outpatients): remission among those entering each of up to four steps.
RUSH_REMISSION_BY_STEP = (0.368, 0.306, 0.137, 0.130)
RUSH_CUMULATIVE_REMISSION = 0.67  # "about 67 %" (if nobody had left)
# Hollon 2014 (452 chronic or recurrent MDD, up to 42 months): dropout by arm.
HOLLON_2014_DROPOUT = {"medication alone": 0.268, "medication + therapy": 0.189}
HOLLON_2014_DROPOUT_HR = (0.66, 0.45, 0.98)  # combined vs medication alone
HOLLON_2014_MONTHS = 42
HOLLON_2014_RECOVERY = {"medication + therapy": 0.726, "medication alone": 0.625}
HOLLON_2014_RECOVERY_SEVERE_NONCHRONIC_EXACT = {
    "medication + therapy": 0.813,
    "medication alone": 0.517,
}
# Cuijpers 2020 acceptability: all-cause dropout on medication alone divided by dropout on
# the other treatment (RR with 95 % CI; > 1: the other treatment keeps more people).
CUIJPERS_2020_DROPOUT_RR = {
    "combined": (1.23, 1.05, 1.45),
    "therapy": (1.17, 1.02, 1.32),
}
# Wagner 2017 (17 RCTs, 14,779 patients): improvement >= 20-25 % by week 2, and how well it
# predicts later response.
WAGNER_EARLY_IMPROVEMENT = {"medication": 0.62, "placebo": 0.47}
WAGNER_SENSITIVITY = 0.85
WAGNER_SPECIFICITY = 0.54
WAGNER_THRESHOLD, WAGNER_WEEK = 20, 2  # % improvement, by week: what the numbers above are for
# Cuijpers 2014 (Maturitas): psychotherapy vs control in older adults, Hedges g.
CUIJPERS_2014_OLDER_G = 0.64
