"""The ledger's arithmetic, on plain values: balances add up, and a joint project's aid is shared."""

from decimal import Decimal

from accord.funding import ledger
from accord.funding.models import ProjectStatus as S

D = Decimal


def test_available_and_forecast_follow_from_the_figures():
    balance = ledger.Balance(total=D("100"), committed=D("30"), disbursed=D("10"), pipeline=D("80"))
    assert (balance.available, balance.forecast) == (D("70"), D("-10"))
    both = ledger.total([balance, ledger.Balance(D("50"), D("5"), D("0"), D("0"))])
    assert both == ledger.Balance(total=D("150"), committed=D("35"), disbursed=D("10"), pipeline=D("80"))


def test_targets_follow_the_weights_and_a_joint_project_counts_in_equal_parts():
    shares = ledger.shares(
        amount=D("90000"),
        margin=D("10"),
        niches=[(1, "Bois"), (2, "Meuble")],
        weights={2: D("2")},
        held={7: D("30000"), 8: D("1000")},
        links=[(7, 1, S.GRANTED, D("30000")), (7, 2, S.GRANTED, D("30000")), (9, 2, S.SUBMITTED, D("5000"))],
    )
    wood, furniture = shares
    assert (wood.target, wood.committed, wood.pipeline) == (D("30000.00"), D("15000.00"), D("0.00"))
    assert (furniture.target, furniture.committed, furniture.pipeline) == (D("60000.00"), D("15000.00"), D("5000.00"))
    assert ledger.over_target(shares) == []
    assert wood.over_target_with(D("18001")) and not wood.over_target_with(D("18000"))
