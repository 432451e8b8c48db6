"""IPSS-R (Schanz 2012) and IPSS (Greenberg 1997) groups for report-style karyotypes.

Each expected group is worked out by hand from the source tables (IPSS-R: Schanz J et al.,
J Clin Oncol 2012;30:820, as reproduced in Greenberg 2012 Blood Table 2 and the MDS
Foundation calculator; IPSS: Greenberg 1997 Blood Table 2 footnote) and the ISCN 2020
clone definition, not by running the code.
"""

from __future__ import annotations

import pytest

from onconav.clinical.cytogenetics import IpssCytoCategory as Ipss
from onconav.clinical.cytogenetics import IpssrCytoCategory as R
from onconav.clinical.karyotype import summarize

VG, GOOD, INT, POOR, VP = R.VERY_GOOD, R.GOOD, R.INTERMEDIATE, R.POOR, R.VERY_POOR
IG, II, IP = Ipss.GOOD, Ipss.INTERMEDIATE, Ipss.POOR

CASES = [
    # Very good: -Y or del(11q) alone
    ("45,X,-Y[20]", VG, IG, 1),
    ("45,X,-Y[12]/46,XY[8]", VG, IG, 1),
    ("46,XY,del(11)(q14q23)[20]", VG, II, 1),
    ("46,xx,del(11)(q23)[16]/46,xx[4]", VG, II, 1),
    # Good: normal; del(5q), del(12p), del(20q) alone; double including del(5q)
    ("46,XX[20]", GOOD, IG, 0),
    ("46,XY[25]", GOOD, IG, 0),
    ("46,XY,del(5)(q13q33)[20]", GOOD, IG, 1),
    ("46,XX,del(5)(q31q35)[4]/46,XX[16]", GOOD, IG, 1),
    ("46,XX,del(12)(p12p13)[15]/46,XX[5]", GOOD, II, 1),
    ("46,XY,del(20)(q11.2q13.3)[6]/46,XY[14]", GOOD, IG, 1),
    ("47,XX,del(5)(q13q33),+8[20]", GOOD, II, 2),
    ("46,XX,del(5)(q13q33),del(20)(q11.2)[20]", GOOD, II, 2),
    ("46,XX,del(5)(q22q33)[9]/46,XX,idem,del(12)(p12)[11]", GOOD, II, 2),
    # Intermediate: del(7q), +8, +19, i(17q), any other single or double; independent clones
    ("46,XY,del(7)(q22q34)[20]", INT, IP, 1),
    ("47,XY,+8[8]/46,XY[12]", INT, II, 1),
    ("47,XX,+19[10]/46,XX[10]", INT, II, 1),
    ("46,XY,i(17)(q10)[10]/46,XY[10]", INT, II, 1),
    ("46,XX,del(9)(q13q22)[20]", INT, II, 1),
    ("47,XY,+21[15]/46,XY[5]", INT, II, 1),
    ("45,X,-X[20]", INT, II, 1),
    ("46,XY,t(1;3)(p36;p21)[20]", INT, II, 1),
    ("47,XY,+8,+21[20]", INT, II, 2),
    ("46,XY,del(9)(q12),del(11)(q21q24)[5]/46,XY[15]", INT, II, 2),
    ("46,XX,del(5)(q13q33)[10]/47,XX,+8[5]/46,XX[5]", INT, II, 2),
    ("45,XY,-7[5]/47,XY,+8[5]/46,XY[10]", INT, IP, 2),
    ("46,XX,del(5)(q13q33)[14]/46,XX,del(11)(q21q25)[6]", INT, II, 2),
    # Poor: -7; inv(3)/t(3q)/del(3q); double including -7/del(7q); exactly 3
    ("45,XX,-7[15]/46,XX[5]", POOR, IP, 1),
    ("45,XY,-7[20]", POOR, IP, 1),
    ("46,XX,inv(3)(q21q26.2)[20]", POOR, II, 1),
    ("46,XY,t(3;3)(q21.3;q26.2)[20]", POOR, II, 1),
    ("46,XX,t(2;3)(p15;q26)[15]/46,XX[5]", POOR, II, 1),
    ("46,XY,t(3;21)(q26.2;q22.1)[20]", POOR, II, 1),
    ("45,XY,-7,+8[20]", POOR, IP, 2),
    ("45,XX,-7,del(20)(q11.2)[20]", POOR, IP, 2),
    ("46,XY,del(5)(q13q33),del(7)(q22q34)[20]", POOR, IP, 2),
    ("47,XY,del(5)(q13q33),+8,+21[20]", POOR, IP, 3),
    ("46,XX,del(5)(q13q33)[3]/45,XX,idem,-7[6]/44,XX,sdl1,-17[5]/46,XX[6]", POOR, IP, 3),
    (
        "47,xx,del(5)(q31q33),+8[3]/48,xx,+8,+9[4]/48,xx,del(5)(q31q33),+8,+9[2]/46,xx[11]",
        POOR,
        IP,
        3,
    ),
    # Very poor: complex with more than 3
    ("44,XY,del(5)(q13q33),-7,-17,+mar[18]/46,XY[2]", VP, IP, 4),
    (
        "46,XY,del(5)(q11q33)[17]/45,XY,sl,-7[22]/47,XY,sdl1,+mar[15]/45,XY,sdl2,-9[7]"
        "/46,XY,sdl3,add(11)(q)[4]",
        VP,
        IP,
        5,
    ),
    ("51,XY,+Y,+8,+9,+13,+21[7]/46,XY[21]", VP, IP, 5),
    ("43,XY,del(5)(q13q33),-7,-18,-20,+mar[cp12]/46,XY[8]", VP, IP, 5),
]


@pytest.mark.parametrize(("karyotype", "ipssr", "ipss", "n"), CASES)
def test_risk_groups_follow_the_published_tables(
    karyotype: str, ipssr: R, ipss: Ipss, n: int
) -> None:
    summary = summarize(karyotype)
    assert summary.n_abnormalities == n
    assert summary.ipssr_category is ipssr, summary.ipssr_rule
    assert summary.ipss_category is ipss, summary.ipss_rule
    assert summary.complex is (n >= 3)
    assert summary.ipssr_rule.endswith("(IPSS-R, Schanz 2012).")
    assert ipssr.value in summary.ipssr_rule


def test_rule_names_the_deciding_abnormality() -> None:
    assert "del(5q)" in summarize("46,XY,del(5)(q13q33)[20]").ipssr_rule
    assert "independent clones" in summarize("46,XX,del(5)(q13q33)[10]/47,XX,+8[5]").ipssr_rule
    assert "-7/del(7q)" in summarize("45,XY,-7,+8[20]").ipssr_rule
    assert "exactly 3" in summarize("47,XY,del(5)(q13q33),+8,+21[20]").ipssr_rule
    assert "Chromosome 7" in summarize("46,XY,del(7)(q22q34)[20]").ipss_rule
