"""What a spreadsheet hands over: money as Excel writes it, CSVs separated by commas,
semicolons or tabs, and the file of refused rows a user fixes and imports again."""

from __future__ import annotations

from tests.harness import Funnel


def test_money_as_a_spreadsheet_writes_it_in_the_cli(funnel: Funnel) -> None:
    lid = funnel.add("Ann", "--value", "48,000.00", "--stage", "formal", "--force")
    funnel("pay", lid, "￥8,000")
    funnel("order", lid, "RMB 1,234.50")
    funnel("edit", lid, "--value", "４８，０００")
    lead = funnel.json("show", lid)
    assert lead["value"] == 48000 and lead["paid"] == 8000
    assert [o["amount"] for o in lead["orders"]][-1] == 1234.5
    for bad in ("1e3", "-5", "NaN", "1,000.001", "10,000,000,000,000"):
        assert "invalid amount" in funnel.error("pay", lid, bad)
