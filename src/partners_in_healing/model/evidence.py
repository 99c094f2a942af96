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
# Relapse over about 12 months after response.
HOLLON_RELAPSE_12M = {"prior therapy": 0.308, "continued medication": 0.472, "medication withdrawn": 0.762}
GEDDES_RELAPSE_1Y = {"placebo": 0.41, "continued medication": 0.18}
