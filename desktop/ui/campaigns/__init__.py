"""The 一线考核 and 谈话走访 sections: campaigns, instruction ledger, visits, talks."""
