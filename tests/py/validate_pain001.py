"""Validates pain.001.001.09 files against ISO 20022's XSD (as shipped by PyPI's sepaxml) with xmlschema, and
prints what an independent reader finds in each: per file, the group header's count and control sum, and per
transaction its execution date, amount, currency, KID (EndToEndId and structured creditor reference), creditor
name and account, as JSON. Exits 1, naming the file and the reason, on the first invalid one.

Usage: .venv-tools/bin/python tests/py/validate_pain001.py FILE...
"""
import json
import sys
from importlib.resources import files

import xmlschema

XSD = files("sepaxml") / "schemas" / "pain.001.001.09.xsd"


def account(acct):
    ident = acct["Id"]
    return ident.get("IBAN") or ident["Othr"]["Id"]


def main(paths):
    schema = xmlschema.XMLSchema(str(XSD))
    out = []
    for path in paths:
        errors = list(schema.iter_errors(path))
        if errors:
            print(f"{path}: {errors[0].reason} at {errors[0].path}", file=sys.stderr)
            return 1
        doc = schema.to_dict(path, decimal_type=str)
        init = doc["CstmrCdtTrfInitn"]
        header = init["GrpHdr"]
        txs = []
        for pmt in init["PmtInf"]:
            for tx in pmt["CdtTrfTxInf"]:
                amount = tx["Amt"]["InstdAmt"]
                txs.append({
                    "date": pmt["ReqdExctnDt"]["Dt"],
                    "debtorAccount": account(pmt["DbtrAcct"]),
                    "amount": amount["$"],
                    "currency": amount["@Ccy"],
                    "endToEnd": tx["PmtId"]["EndToEndId"],
                    "kid": tx["RmtInf"]["Strd"][0]["CdtrRefInf"]["Ref"],
                    "kidType": tx["RmtInf"]["Strd"][0]["CdtrRefInf"]["Tp"]["CdOrPrtry"]["Cd"],
                    "creditor": tx["Cdtr"]["Nm"],
                    "creditorAccount": account(tx["CdtrAcct"]),
                })
        out.append({"file": path, "count": header["NbOfTxs"], "sum": header["CtrlSum"],
                    "debtor": header["InitgPty"]["Nm"], "transactions": txs})
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
