"""The one message catalogue (English and Chinese) and the interface language.

Commands, options and JSON keys stay English so scripts never break; labels,
table headers, tips, persona texts and messages follow ``FUNNEL_LANG`` or the
``language`` setting.
"""

from __future__ import annotations

import os
from contextvars import ContextVar

LANGUAGES = ("en", "zh")
_language: ContextVar[str | None] = ContextVar("funnel_language", default=None)


def set_language(language: str | None) -> None:
    """Fix the interface language for this command (from the config file)."""
    _language.set(language if language in LANGUAGES else None)


def env_language() -> str | None:
    """The language ``FUNNEL_LANG`` asks for, if it names one (it overrides the file)."""
    env = os.environ.get("FUNNEL_LANG", "").strip().lower()
    for code in LANGUAGES:
        if env.startswith(code):
            return code
    return None


def language() -> str:
    return env_language() or _language.get() or "en"


def t(key: str, **values: object) -> str:
    """The message ``key`` in the interface language, formatted with ``values``."""
    entry = MESSAGES.get(key)
    if entry is None:
        # The tests set FUNNEL_STRICT_MESSAGES: a key missing from the catalogue fails
        # them instead of showing a user the bare key.
        if os.environ.get("FUNNEL_STRICT_MESSAGES"):
            raise KeyError(f"no message {key!r} in the catalogue")
        return key
    text = entry[1] if language() == "zh" and len(entry) > 1 and entry[1] else entry[0]
    return text.format(**values) if values else text


# key: (English, 中文)
MESSAGES: dict[str, tuple[str, str]] = {
    # stages
    "stage.potential": ("potential", "潜在客户"),
    "stage.trial": ("trial", "试用客户"),
    "stage.intent": ("intent", "意向客户"),
    "stage.quasi": ("quasi", "准客户"),
    "stage.formal": ("formal", "正式客户"),
    "gate.potential": ("none", "无"),
    "gate.trial": ("none", "无"),
    "gate.intent": (
        "needs a deal value (product and price agreed)",
        "需要成交金额（产品和价格已谈妥）",
    ),
    "gate.quasi": (
        "needs the contract sent and at least one payment",
        "需要已发送合同并至少收到一笔付款",
    ),
    "gate.formal": ("needs payments received to cover the deal value", "需要已收款项达到成交金额"),
    # next-step tips, one per stage
    "tip.potential": (
        "Find out what they care about and enjoy, and introduce us through that "
        "interest until they want to try us.",
        "了解对方关心和喜欢什么，借这个兴趣介绍我们，直到对方愿意试用。",
    ),
    "tip.trial": (
        "Make the trial easy and show where it saves time or money compared with "
        "before; then open the talk about scope and price.",
        "让试用顺畅，讲清楚比以前省时省钱在哪里；然后开始谈范围和价格。",
    ),
    "tip.intent": (
        "Confirm the product, scope and price in writing, send the contract and ask "
        "for the first payment.",
        "书面确认产品、范围和价格，发送合同，并请对方支付首款。",
    ),
    "tip.quasi": (
        "Deliver what was agreed, get their sign-off on acceptance, then collect the balance.",
        "按约交付，取得对方验收确认，再收取尾款。",
    ),
    "tip.formal": (
        "Keep them well served: check in after delivery, look for repeat needs and "
        "ask whether they would recommend us.",
        "持续做好服务：交付后回访，发现复购需求，并询问是否愿意推荐我们。",
    ),
    # states and kinds
    "state.active": ("active", "跟进中"),
    "state.lost": ("lost", "流失"),
    "state.dead": ("dead", "非客户"),
    "kind.consumer": ("consumer", "消费者"),
    "kind.business": ("business", "企业"),
    "kind.dealer": ("dealer", "经销商"),
    "kind.public": ("public", "公共机构"),
    "kind.internal": ("internal", "内部"),
    # personas: label, traits, approach
    "persona.rational": ("rational", "理智型"),
    "persona.task": ("task", "任务型"),
    "persona.greedy": ("greedy", "贪婪型"),
    "persona.owner": ("owner", "主人翁型"),
    "persona.climber": ("climber", "抢功型"),
    "persona.stingy": ("stingy", "吝啬型"),
    "persona.tricky": ("tricky", "刁蛮型"),
    "persona.relational": ("relational", "关系型"),
    "persona.complex": ("complex", "综合型"),
    "traits.rational": (
        "Principled and methodical; decides on merit, not on relationships.",
        "讲原则、有条理、谨慎；看实力而不看关系。",
    ),
    "traits.task": (
        "Carrying out a job handed down; modest expectations; often a one-off buyer.",
        "执行上级交办的任务，期望不高，常是一次性采购。",
    ),
    "traits.greedy": (
        "Works inside complex politics; hard on price, demanding on quality and "
        "service; steady once trust is deep.",
        "内部关系复杂、目的性强，压价狠，对质量和服务要求高；关系深了会很稳定。",
    ),
    "traits.owner": (
        "An owner, or an employee who acts like one; wants the best mix of price, "
        "quality and service, price first.",
        "老板或非常正直的员工；追求价格、质量、服务的最佳组合，价格优先。",
    ),
    "traits.climber": (
        "Rising but not yet senior; cares most about quality and about looking good.",
        "正在上升但职位不高；最在意质量，也在意自己的表现。",
    ),
    "traits.stingy": (
        "Compares prices hard, squeezes margins, runs tenders even when not needed.",
        "反复比价、压缩利润，常不必要地招标，可能夸大其词。",
    ),
    "traits.tricky": (
        "Friendly at first, later vague requirements, false urgency and fault-finding.",
        "开始印象很好，之后需求模糊、制造紧迫感、挑毛病。",
    ),
    "traits.relational": ("A friend first and a customer second.", "先是朋友，后是客户。"),
    "traits.complex": (
        "No fixed pattern; experienced, well connected and hard to read.",
        "没有固定模式；经验丰富、人脉广、难以捉摸。",
    ),
    "approach.rational": (
        "Be factual and frank: show strengths and limits, never exaggerate, and keep "
        "every promise you make.",
        "坦诚务实：优点和不足都讲清楚，不夸大，说到做到。",
    ),
    "approach.task": (
        "Make their job easy: do the analysis for them, give firm commitments, follow "
        "up quickly; don't discount more than needed.",
        "帮对方把事办好：替他分析、给出明确承诺、及时跟进；不要过度让价。",
    ),
    "approach.greedy": (
        "Build trust quietly and guarantee quality, price and service; set clear "
        "limits on concessions and keep every deal above board.",
        "低调沟通、建立信任，保证质量、价格和服务；让步有明确边界，一切公开透明。",
    ),
    "approach.owner": (
        "Lead with a clearly competitive price, explain quality in their terms, and "
        "visit regularly.",
        "以有竞争力的价格开场，用对方理解的方式讲质量，定期拜访保持联系。",
    ),
    "approach.climber": (
        "See it from their side, protect their standing, get quality right; keep "
        "light, regular contact — a future key customer.",
        "站在对方角度考虑，维护对方面子，把质量做好；保持轻松、定期的联系——未来的重要客户。",
    ),
    "approach.stingy": (
        "Don't over-invest time: quote firmly with a clear scope, skip bids outside "
        "our strengths, and don't count on loyalty.",
        "不要投入过多时间：报价明确、范围清楚，不参与不擅长的投标，不指望忠诚。",
    ),
    "approach.tricky": (
        "Stay careful and objective: get requirements confirmed and signed in writing, "
        "contract before work, never promise dates lightly.",
        "谨慎客观：需求书面确认并签字，先签合同后开工，不轻易承诺日期。",
    ),
    "approach.relational": (
        "Keep favours and business apart: small help is fine, anything that costs "
        "real money goes through a proper agreement made up front.",
        "人情和生意分开：小忙可以帮，涉及实际成本的事先签正式协议。",
    ),
    "approach.complex": (
        "Don't pigeonhole them: stay attentive and sincere, watch until their stance "
        "is clear, then respond to it.",
        "不要贴标签：保持关注和真诚，看清对方当前立场后再回应。",
    ),
    # headers
    "h.id": ("id", "编号"),
    # dupes: groups of leads that are probably one person
    "h.group": ("group", "组"),
    "h.match": ("same", "相同"),
    "dupes.phone": ("phone", "电话"),
    "dupes.email": ("email", "邮箱"),
    "dupes.wechat": ("WeChat", "微信"),
    "dupes.name": ("name + company", "姓名+公司"),
    "dupes.sep": (", ", "、"),
    "title.dupes": ("Probable duplicates", "疑似重复的客户"),
    "msg.no_dupes": ("No duplicates found.", "没有发现重复的客户。"),
    "msg.dupes_hint": (
        "{groups} group(s). To make a group one lead: funnel merge KEEP OTHER… "
        "(e.g. funnel merge {example})",
        "共 {groups} 组。把一组合并成一个客户：funnel merge 保留的编号 其他编号…"
        "（例如 funnel merge {example}）",
    ),
    "h.name": ("name", "姓名"),
    "h.company": ("company", "公司"),
    "h.phone": ("phone", "电话"),
    "h.email": ("email", "邮箱"),
    "h.wechat": ("wechat", "微信"),
    "h.source": ("source", "来源"),
    "h.owner": ("owner", "负责人"),
    "h.kind": ("kind", "类型"),
    "h.persona": ("persona", "性格"),
    "h.value": ("value", "金额"),
    "h.stage": ("stage", "阶段"),
    "h.state": ("state", "状态"),
    "h.highest_stage": ("highest", "最高阶段"),
    "h.tags": ("tags", "标签"),
    "h.fields": ("fields", "自定义字段"),
    "h.contract_sent_on": ("contract sent", "合同发送"),
    "h.paid": ("paid", "已付"),
    "h.next_follow_up": ("next follow-up", "下次跟进"),
    "h.follow_note": ("follow-up note", "跟进备注"),
    "h.lost_reason": ("lost reason", "流失原因"),
    "h.lost_stage": ("lost at", "流失阶段"),
    "h.created_at": ("created", "创建时间"),
    "h.updated_at": ("updated", "更新时间"),
    "h.note": ("note", "备注"),
    "h.at": ("when", "时间"),
    "h.event": ("event", "事件"),
    "h.check": ("check", "检查项"),
    "h.change_no": ("change", "变更"),
    "h.user": ("user", "用户"),
    "h.command": ("command", "命令"),
    "h.lead_ids": ("leads", "客户"),
    "h.undone_by": ("undone by", "撤销于"),
    "h.result": ("result", "结果"),
    "h.change": ("change", "变更"),
    "h.reason": ("reason", "原因"),
    "h.amount": ("amount", "金额"),
    "h.on": ("date", "日期"),
    "h.summary": ("summary", "摘要"),
    "h.gate": ("gate to enter", "进入条件"),
    "h.tip": ("next step", "下一步"),
    "h.zh": ("中文", "中文"),
    "h.traits": ("traits", "特点"),
    "h.approach": ("approach", "应对方式"),
    "h.persona_key": ("persona", "性格类型"),
    "h.setting": ("setting", "设置"),
    "h.source_of": ("from", "来源"),
    "title.history": ("History", "历史"),
    "title.activities": ("Activities", "互动记录"),
    "title.payments": ("Payments", "付款"),
    "title.orders": ("Orders", "订单"),
    "title.tip": ("Next step", "下一步"),
    "title.approach": ("Persona approach", "性格应对"),
    "title.leads": ("Leads", "客户"),
    # history events
    "ev.created": ("created", "创建"),
    "ev.move": ("moved", "阶段变更"),
    "ev.state": ("state", "状态变更"),
    "ev.edit": ("edited", "修改"),
    "ev.contract": ("contract sent", "发送合同"),
    "ev.payment": ("payment", "付款"),
    "ev.order": ("order", "订单"),
    "ev.follow": ("follow-up", "跟进计划"),
    "ev.forced": ("forced", "强制"),
    "ev.merged": ("merged", "合并"),
    # messages
    "msg.added": ("added lead {id}", "已添加客户 {id}"),
    # import --rejects, delimiters and money from spreadsheets
    "msg.rejects_written": (
        "note: {count} refused row(s) written to {path}, with an error column: fix them there "
        "and import that file",
        "提示：已将 {count} 行被拒绝的数据写入 {path}（附 error 列说明原因）：在其中改正后导入该文件",
    ),
    "err.rejects_kind": (
        "--rejects works with a CSV or Excel .xlsx file only",
        "--rejects 只适用于 CSV 或 Excel .xlsx 文件",
    ),
    "err.rejects_is_input": (
        "--rejects must name another file than the one imported",
        "--rejects 不能是正在导入的文件",
    ),
    # --- the daily screens: -f text, bare funnel, the pager, demo's last words ---
    "msg.text.sep": (", ", "，"),
    "msg.text.field": ("{label}: ", "{label}："),
    "msg.text.true": ("yes", "是"),
    "msg.text.false": ("no", "否"),
    "msg.text.key.file": ("file", "文件"),
    "msg.text.key.format": ("format", "格式"),
    "msg.text.key.encoding": ("encoding", "编码"),
    "msg.text.key.dry_run": ("dry run", "试运行"),
    "msg.text.key.rows": ("rows", "行数"),
    "msg.text.key.imported": ("imported", "已导入"),
    "msg.text.key.updated": ("updated", "已更新"),
    "msg.text.key.skipped": ("skipped", "已跳过"),
    "msg.text.due_when": ("{day} ({timing})", "{day}（{timing}）"),
    "msg.text.due_overdue": ("{count} overdue", "{count} 个逾期"),
    "msg.text.due_today": ("{count} today", "{count} 个今天到期"),
    "msg.text.due_ahead": ("{count} in the days ahead", "{count} 个即将到期"),
    "msg.text.due_one": ("1 follow-up due: {parts}", "1 个待跟进：{parts}"),
    "msg.text.due_many": ("{count} follow-ups due: {parts}", "{count} 个待跟进：{parts}"),
    "msg.today.title": ("funnel · today, {date}", "funnel · 今天 {date}"),
    "msg.today.no_due": ("No follow-ups due.", "今天没有待跟进。"),
    "msg.today.more_due": ("  … and {count} more: funnel due", "  ……还有 {count} 个：funnel due"),
    "msg.today.stale": (
        "Stale leads: {count} (funnel stale)",
        "久未跟进的客户：{count} 个（funnel stale）",
    ),
    "msg.today.pipeline": (
        "Active leads by stage (funnel report)",
        "各阶段的活跃客户（funnel report）",
    ),
    "msg.today.total": ("total", "合计"),
    "msg.today.empty": ("No leads yet.", "还没有客户。"),
    "msg.today.store": ("Store: {path}", "数据库：{path}"),
    "msg.today.start_add": (
        'Add your first lead:    funnel add "Zhang Wei" --company "Huaxing"',
        '添加第一个客户：funnel add "张伟" --company "华星科技"',
    ),
    "msg.today.start_demo": (
        "Or see a sample funnel: funnel demo",
        "或者先看演示：  funnel demo",
    ),
    "msg.today.help": ("Every command:          funnel --help", "所有命令：      funnel --help"),
    "msg.demo_explore": (
        "explore the demo store: funnel --db {db} list (or due, show 1, report)",
        "浏览演示数据库：funnel --db {db} list（或 due、show 1、report）",
    ),
    "msg.moved": ("lead {id}: {old} → {new}", "客户 {id}：{old} → {new}"),
    "msg.forced": (
        "lead {id}: moved to {stage} by force ({need})",
        "客户 {id}：已强制移到{stage}（{need}）",
    ),
    "msg.deleted": (
        "moved {count} lead(s) to the trash (funnel restore brings them back)",
        "已将 {count} 个客户移入回收站（funnel restore 可恢复）",
    ),
    "msg.purged": ("erased {count} lead(s) for good", "已永久清除 {count} 个客户"),
    "msg.restored": ("restored {count} lead(s)", "已恢复 {count} 个客户"),
    "msg.confirm_purge": (
        "Erase {count} lead(s) in the trash for good: {names}?",
        "永久清除回收站中的 {count} 个客户：{names}？",
    ),
    "err.restore_merged": (
        "lead {id} was merged into lead {into}: `funnel undo {change}` takes the merge back",
        "客户 {id} 已合并到客户 {into}：`funnel undo {change}` 可撤销合并",
    ),
    # Excel .xlsx import and export (issue 12: excel)
    "err.xlsx_read": (
        "cannot read {path} as an Excel .xlsx file: {why}",
        "无法以 Excel .xlsx 文件读取 {path}：{why}",
    ),
    "err.xlsx_sheet": (
        "no sheet {sheet!r} in {path}; its sheets: {sheets}",
        "{path} 中没有工作表 {sheet!r}；现有工作表：{sheets}",
    ),
    "err.xlsx_phone_number": (
        "phone {value} is a number that lost digits in Excel: format the column as text "
        "and type the number again",
        "电话 {value} 是在 Excel 中丢失了数字的数值：请把该列设为文本格式并重新输入号码",
    ),
    "err.xlsx_phone_sci": (
        "phone {value} is in scientific notation: its digits are lost; format the column "
        "as text and type the number again",
        "电话 {value} 是科学计数法：数字已丢失；请把该列设为文本格式并重新输入号码",
    ),
    "err.sheet_not_xlsx": (
        "--sheet is for an Excel .xlsx file",
        "--sheet 只用于 Excel .xlsx 文件",
    ),
    "err.xlsx_format": (
        "-o {path} writes an Excel workbook; leave out -f {fmt}, or name a .{fmt} file",
        "-o {path} 写出 Excel 工作簿；请去掉 -f {fmt}，或改用 .{fmt} 文件名",
    ),
    "err.xlsx_sheet_column": (
        "sheet {sheet}: unknown column {column}",
        "工作表 {sheet}：未知的列 {column}",
    ),
    "err.xlsx_sheet_lead": (
        "lead_id must be a lead's id (a whole number), not {value}",
        "lead_id 必须是客户编号（整数），而不是 {value}",
    ),
    "err.xlsx_sheet_row": ("sheet {sheet}: {why}", "工作表 {sheet}：{why}"),
    "err.xlsx_sheet_orphan": (
        "sheet {sheet}: no lead with id {lead} in the leads sheet",
        "工作表 {sheet}：客户表中没有编号为 {lead} 的客户",
    ),
    "err.xlsx_paid": (
        "paid is {paid} but the payments of lead {lead} in sheet payments add up to {total}; "
        "make them agree",
        "已付款为 {paid}，但工作表 payments 中客户 {lead} 的付款合计为 {total}；请使两者一致",
    ),
    # show card, history, write confirmations, gate refusals, dead leads (issue 11: show)
    "err.dead_final": (
        "lead {lead} is dead (lost for good) and stays as it is; if they come back, "
        "add them as a new lead",
        "客户 {lead} 是非客户（已永久流失），不能再变更；如对方回头，请新建客户",
    ),
    "err.dead_reopen": (
        "lead {lead} is dead (lost for good) and cannot be reopened; if they come back, "
        "add them as a new lead",
        "客户 {lead} 是非客户（已永久流失），无法 reopen；如对方回头，请新建客户",
    ),
    "gate.need_payment": ("needs at least one payment", "需要至少收到一笔付款"),
    "gate.need_contract": ("needs the contract sent", "需要先发送合同"),
    "gate.need_balance": (
        "needs {amount} more in payments to cover the deal value",
        "还需收款 {amount} 才够成交金额",
    ),
    "msg.moved_forced": (
        "lead {id}: {old} → {new}, forced past a gate ({need})",
        "客户 {id}：{old} → {new}，已强制越过进入条件（{need}）",
    ),
    "msg.added_forced": (
        "added lead {id} at {stage}, forced past a gate ({need})",
        "已添加客户 {id}，阶段为{stage}，已强制越过进入条件（{need}）",
    ),
    "msg.edited_forced": (
        "lead {id}: {count} change(s), the stage forced past a gate ({need})",
        "客户 {id}：{count} 处修改，阶段已强制越过进入条件（{need}）",
    ),
    "msg.voided": (
        "voided {what} {id} of lead {lead} (funnel undo takes it back)",
        "已作废客户 {lead} 的{what} {id}（funnel undo 可撤销）",
    ),
    "msg.contract": ("lead {id}: contract sent on {day}", "客户 {id}：合同已于 {day} 发送"),
    "msg.paid": (
        "lead {id}: payment of {amount} recorded; {paid} paid in all",
        "客户 {id}：已记录付款 {amount}，累计已付 {paid}",
    ),
    "msg.ordered": (
        "lead {id}: order {order} of {amount} recorded",
        "客户 {id}：已记录订单 {order}，金额 {amount}",
    ),
    "msg.lost": ("lead {id}: lost ({reason})", "客户 {id}：已标记为流失（{reason}）"),
    "msg.dead": (
        "lead {id}: dead, lost for good ({reason})",
        "客户 {id}：已标记为非客户，永久流失（{reason}）",
    ),
    "msg.reopened": (
        "lead {id}: won back, active again at {stage}",
        "客户 {id}：已挽回，重新跟进，阶段为{stage}",
    ),
    "msg.exported": ("exported {count} lead(s) to {path}", "已导出 {count} 个客户到 {path}"),
    "msg.backup": ("backup written to {path}", "备份已写入 {path}"),
    "h.follow_up_note": ("follow-up note", "跟进备注"),
    "title.note": ("Note", "备注"),
    "hist.set": ("{field}: {new}", "{field}：{new}"),
    "hist.changed": ("{field}: {old} → {new}", "{field}：{old} → {new}"),
    "err.not_in_trash": ("lead {id} is not in the trash", "客户 {id} 不在回收站中"),
    "err.purge_needs_yes": (
        "erasing for good cannot be undone: add --yes",
        "永久清除无法撤销：请加 --yes",
    ),
    "h.deleted_at": ("deleted", "删除时间"),
    "msg.confirm_delete": ("Delete {count} lead(s): {names}?", "删除 {count} 个客户：{names}？"),
    "msg.demo_store": ("demo store: {path}", "演示数据库：{path}"),
    "msg.on_before_entry": (
        "warning: lead {id} entered {stage} on {entered}, after {on}; days in stage counted as 0",
        "警告：客户 {id} 于 {entered} 进入{stage}，晚于 {on}；停留天数记为 0",
    ),
    "msg.no_leads": ("no leads", "没有客户"),
    # errors
    "err.stage": (
        "unknown stage '{value}' (choose from {choices}, or a Chinese name)",
        "未知阶段“{value}”（可选：{choices}，或中文名称）",
    ),
    "err.gate": (
        "lead {lead} cannot enter {stage}: {need}; use --force to override",
        "客户 {lead} 不能进入{stage}：{need}；可用 --force 强制",
    ),
    "err.date": (
        "invalid date '{value}' (use YYYY-MM-DD, today, tomorrow, +3d, -2d, +2w, +1m, mon…sun)",
        "无效日期“{value}”（可用 YYYY-MM-DD、today、tomorrow、+3d、-2d、+2w、+1m、mon…sun、今天、明天、"
        "后天、大后天、下周一…下周日）",
    ),
    "err.date_range": (
        "{value} is outside the dates funnel keeps ({first}…{last})",
        "{value} 超出了可记录的日期范围（{first}…{last}）",
    ),
    "err.funnel_now": (
        "FUNNEL_NOW '{value}' is not an ISO 8601 date or datetime",
        "FUNNEL_NOW“{value}”不是 ISO 8601 日期或时间",
    ),
    "err.money": (
        "invalid amount '{value}' (a number ≥ 0 and below 10^13, at most two decimals; 48,000.00 and ¥ accepted)",
        "无效金额“{value}”（须为 ≥ 0 且小于 10^13 的数字，最多两位小数；可写 48,000.00 和 ¥）",
    ),
    "err.positive": ("{field} must be more than 0", "{field} 必须大于 0"),
    "err.sum.paid": (
        "lead {lead}'s payments would sum to {total} (they must stay below 10^13)",
        "客户 {lead} 的付款合计将达到 {total}（须小于 10^13）",
    ),
    "err.sum.orders": (
        "lead {lead}'s orders would sum to {total} (they must stay below 10^13)",
        "客户 {lead} 的订单合计将达到 {total}（须小于 10^13）",
    ),
    "err.required": ("{field} is required and must not be blank", "{field} 为必填项，不能为空"),
    "err.too_long": (
        "{field} is too long ({length} characters; at most {limit})",
        "{field} 太长（{length} 个字符；最多 {limit}）",
    ),
    "err.control": ("{field} contains control characters", "{field} 含有控制字符"),
    "err.phone": ("phone '{value}' has no digits", "电话“{value}”不含数字"),
    "err.email": ("invalid email '{value}'", "无效邮箱“{value}”"),
    "err.choice": (
        "invalid {field} '{value}' (choose from {choices})",
        "无效的 {field}“{value}”（可选：{choices}）",
    ),
    "err.field": (
        "custom field '{value}' must look like KEY=VALUE",
        "自定义字段“{value}”须为 KEY=VALUE 格式",
    ),
    "err.fields_json": ("fields must be a JSON object of text values", "fields 必须是 JSON 对象"),
    "err.id": ("'{value}' is not a lead id", "“{value}”不是客户编号"),
    "err.not_found": ("no lead with id {id}", "没有编号为 {id} 的客户"),
    "err.not_active": (
        "lead {lead} is {state}; reopen it first",
        "客户 {lead} 状态为{state}，请先 reopen",
    ),
    "err.already_lost": (
        "lead {lead} is already lost (add --final to mark it dead)",
        "客户 {lead} 已流失（加 --final 标记为非客户）",
    ),
    "err.already_dead": ("lead {lead} is already dead (lost for good)", "客户 {lead} 已是非客户"),
    "err.reopen_active": (
        "lead {lead} is active; only lost leads can be reopened",
        "客户 {lead} 正在跟进中，只有流失客户可以 reopen",
    ),
    "err.same_stage": ("lead {lead} is already in {stage}", "客户 {lead} 已在{stage}"),
    "err.last_stage": ("lead {lead} is already a formal customer", "客户 {lead} 已是正式客户"),
    "err.duplicate": (
        "lead {id} ({name}) already has this {field}; use --allow-duplicate to add anyway",
        "客户 {id}（{name}）已有相同的{field}；如确需添加请用 --allow-duplicate",
    ),
    "err.future": ("{field} {value} is in the future", "{field} {value} 在未来"),
    "err.order_not_formal": (
        "lead {lead} is not an active formal customer; orders are for formal customers",
        "客户 {lead} 不是跟进中的正式客户，只有正式客户可以下订单",
    ),
    "err.delete_needs_yes": (
        "refusing to delete without --yes when stdin is not a terminal",
        "标准输入不是终端，不带 --yes 时拒绝删除",
    ),
    "err.aborted": ("aborted; nothing deleted", "已取消，未删除任何数据"),
    "err.merge_self": (
        "lead {id} cannot be merged into itself: KEEP must not be among OTHER",
        "客户 {id} 不能合并到自身：KEEP 不能出现在 OTHER 中",
    ),
    "err.merge_two": (
        "merge needs two lead ids: KEEP, then one or more OTHER",
        "合并需要两个客户编号：先写 KEEP，再写一个或多个 OTHER",
    ),
    "err.merge_needs_yes": (
        "refusing to merge without --yes when stdin is not a terminal",
        "标准输入不是终端，不带 --yes 时拒绝合并",
    ),
    "err.merge_aborted": ("aborted; nothing merged", "已取消，未合并任何客户"),
    "msg.confirm_merge": (
        "Merge {others} into {keep}? They go to the trash.",
        "将 {others} 合并到 {keep}？它们会移入回收站。",
    ),
    "msg.merged": (
        "merged {others} into lead {keep}; took {fields} (funnel undo takes it back)",
        "已将 {others} 合并到客户 {keep}；补充了 {fields}（funnel undo 可撤销）",
    ),
    "msg.merge_conflict": (
        "warning: lead {keep} keeps {field} '{value}'; lead {other} had '{theirs}'",
        "警告：客户 {keep} 保留{field}“{value}”；客户 {other} 的是“{theirs}”",
    ),
    "msg.none": ("nothing", "无"),
    "err.change_id": ("'{value}' is not a change number", "“{value}”不是变更编号"),
    "err.no_change": ("nothing to undo: the journal has no change in effect", "没有可撤销的变更"),
    "err.no_such_change": ("no change {id}", "没有编号为 {id} 的变更"),
    "err.change_undone": (
        "change {id} is already undone (by change {by}); undo {by} to put it back",
        "变更 {id} 已被变更 {by} 撤销；撤销 {by} 即可恢复",
    ),
    "err.change_blocked": (
        "change {id} cannot be undone: later changes {later} touched the same leads; undo them first",
        "无法撤销变更 {id}：之后的变更 {later} 改动了相同的客户，请先撤销它们",
    ),
    "err.undo_needs_yes": (
        "stdin is not a terminal: add --yes to undo without being asked",
        "标准输入不是终端，不带 --yes 时拒绝撤销",
    ),
    "err.undo_aborted": ("aborted; nothing undone", "已取消，未撤销任何内容"),
    "msg.change": (
        "change {id}: {command} — {effect} (leads {leads})",
        "变更 {id}：{command} — {effect}（客户 {leads}）",
    ),
    "effect.i": ("{n} added", "新增 {n}"),
    "effect.u": ("{n} changed", "修改 {n}"),
    "effect.d": ("{n} removed", "删除 {n}"),
    "effect.table": ("{table}: {ops}", "{table}：{ops}"),
    "effect.sep": ("; ", "；"),
    "effect.and": (", ", "，"),
    "effect.none": ("nothing written", "未写入任何内容"),
    "tbl.lead": ("leads", "客户"),
    "tbl.lead_tag": ("tags", "标签"),
    "tbl.event": ("history", "历史"),
    "tbl.stay": ("stage stays", "阶段停留"),
    "tbl.payment": ("payments", "付款"),
    "tbl.orders": ("orders", "订单"),
    "tbl.activity": ("interactions", "互动记录"),
    "msg.would_undo": ("would undo {what}", "将撤销 {what}"),
    "msg.confirm_undo": ("Undo {what}?", "撤销 {what}？"),
    "msg.undone": ("undone: {what}", "已撤销：{what}"),
    "void.payment": ("payment", "付款"),
    "void.order": ("order", "订单"),
    "void.activity": ("interaction", "互动记录"),
    "err.void_not_found": ("no {what} with id {id}", "没有编号为 {id} 的{what}"),
    "err.already_void": ("{what} {id} is already void", "{what} {id} 已作废"),
    "err.void_reason": (
        "a reason is required and must not be blank (--reason)",
        "需要填写原因，且不能为空（--reason）",
    ),
    "msg.void_gate": (
        "lead {id} is in {stage} but no longer meets the gate of {gate}: {need}",
        "客户 {id} 处于{stage}，但已不满足{gate}的条件：{need}",
    ),
    "ev.void": ("void", "作废"),
    "h.void": ("void", "作废"),
    "err.reason": ("a reason is required (--reason)", "需要填写原因（--reason）"),
    "err.nothing_to_edit": (
        "nothing to change: give at least one option",
        "没有要修改的内容：请至少给出一个选项",
    ),
    "err.db_locked": (
        "the store is busy: another command held it for more than {seconds} s "
        "(lock_timeout); try again",
        "数据库正忙：另一个命令占用超过 {seconds} 秒（lock_timeout），请稍后再试",
    ),
    "err.migration_references": (
        "the schema upgrade would leave rows pointing at missing leads; nothing was changed",
        "结构升级会留下指向不存在客户的记录，未做任何更改",
    ),
    "err.db_open": ("cannot open the store {path}: {why}", "无法打开数据库 {path}：{why}"),
    "err.db_newer": (
        "the store {path} was written by a newer funnel (schema {rev}); upgrade funnel",
        "数据库 {path} 由更新版本的 funnel 写入（结构 {rev}），请升级 funnel",
    ),
    "err.db_url": ("unsupported store URL '{url}'", "不支持的数据库地址“{url}”"),
    "err.db_memory": (
        "a store in memory ({url}) keeps nothing; give a file path or a database URL",
        "内存中的数据库（{url}）什么也留不下；请给出文件路径或数据库地址",
    ),
    "err.no_store": (
        "no store at {path} (check --db or FUNNEL_DB; `funnel db upgrade` creates one)",
        "{path} 处没有数据库（请检查 --db 或 FUNNEL_DB；`funnel db upgrade` 可新建）",
    ),
    "err.no_folder": (
        "cannot create the store {path}: no folder {folder} (create it first)",
        "无法创建数据库 {path}：文件夹 {folder} 不存在（请先创建）",
    ),
    "err.db_driver_pg": (
        "cannot open the store {url}: the PostgreSQL driver is not installed; "
        "pip install 'funnel[postgres]'",
        "无法打开数据库 {url}：未安装 PostgreSQL 驱动；请运行 pip install 'funnel[postgres]'",
    ),
    "err.db_driver_other": (
        "cannot open the store {url}: its driver {driver} is not installed; funnel uses "
        "psycopg: pip install 'funnel[postgres]' and write postgresql+psycopg://…",
        "无法打开数据库 {url}：未安装其驱动 {driver}；funnel 使用 psycopg："
        "请运行 pip install 'funnel[postgres]' 并写 postgresql+psycopg://…",
    ),
    "err.db": ("store error: {why}", "数据库错误：{why}"),
    "err.internal": (
        "unexpected {kind}: {why} (set FUNNEL_DEBUG=1 for details)",
        "意外错误 {kind}：{why}（设置 FUNNEL_DEBUG=1 查看详情）",
    ),
    "err.config": ("config {path}: {why}", "配置文件 {path}：{why}"),
    "err.io": ("cannot write {path}: {why}", "无法写入 {path}：{why}"),
    # --- follow-ups ---
    "activity.call": ("call", "电话"),
    "activity.visit": ("visit", "拜访"),
    "activity.email": ("email", "邮件"),
    "activity.message": ("message", "消息"),
    "activity.meeting": ("meeting", "会议"),
    "activity.other": ("other", "其他"),
    "due.overdue": ("{days}d overdue", "逾期 {days} 天"),
    "due.today": ("today", "今天"),
    "due.ahead": ("in {days}d", "{days} 天后"),
    "hint.rational": (
        "facts, strengths and limits alike; keep every promise",
        "讲事实，优缺点都说清，说到做到",
    ),
    "hint.task": (
        "do the analysis for them; firm commitments, prompt follow-up",
        "替对方分析，承诺明确，及时跟进",
    ),
    "hint.greedy": (
        "build trust; clear limits on concessions, all above board",
        "建立信任；让步有边界，一切公开透明",
    ),
    "hint.owner": (
        "lead with a competitive price; visit regularly",
        "以有竞争力的价格开场；定期拜访",
    ),
    "hint.climber": ("protect their standing; get the quality right", "维护对方面子；把质量做好"),
    "hint.stingy": (
        "firm quote, clear scope; don't over-invest time",
        "报价明确、范围清楚；不要投入过多时间",
    ),
    "hint.tricky": (
        "confirm everything in writing; contract before work",
        "一切书面确认；先签合同后开工",
    ),
    "hint.relational": (
        "keep favours apart from business; agree costs up front",
        "人情与生意分开；费用事先约定",
    ),
    "hint.complex": (
        "stay attentive and sincere; respond once their stance is clear",
        "保持关注和真诚；看清立场后再回应",
    ),
    "h.due": ("due", "跟进日"),
    "h.timing": ("when", "到期"),
    "h.hint": ("persona hint", "性格提示"),
    "h.idle_days": ("idle days", "闲置天数"),
    "h.threshold": ("allowed", "允许天数"),
    "h.last_touch": ("last touch", "最近接触"),
    "h.last": ("last thing that happened", "最近动态"),
    "title.due": ("Follow-ups due", "待跟进"),
    "title.stale": ("Stale leads", "久未跟进的客户"),
    "cal.name": ("funnel follow-ups", "funnel 跟进计划"),
    "cal.summary": ("Follow up: {name}", "跟进：{name}"),
    "msg.logged": ("lead {id}: logged {kind}", "客户 {id}：已记录{kind}"),
    "msg.follow_set": ("lead {id}: next follow-up {day}", "客户 {id}：下次跟进 {day}"),
    "msg.follow_cleared": ("lead {id}: follow-up cleared", "客户 {id}：已清除跟进计划"),
    "msg.follow_unchanged": ("lead {id}: follow-up unchanged", "客户 {id}：跟进计划未变"),
    "msg.still_due": (
        "lead {id} still has a follow-up on {day}; use --next DATE or `funnel follow {id} --clear`",
        "客户 {id} 在 {day} 仍有跟进计划；可用 --next 日期，或 `funnel follow {id} --clear`",
    ),
    "msg.calendar": ("wrote {count} follow-up(s) to {path}", "已将 {count} 个跟进写入 {path}"),
    "msg.no_stale": ("no stale leads", "没有久未跟进的客户"),
    "err.datetime": (
        "invalid date or time '{value}' (a DATE such as yesterday or -2d, or an ISO datetime "
        "such as 2026-11-20T14:30)",
        "无效的日期或时间“{value}”（可用 yesterday、-2d 等日期，或 2026-11-20T14:30 这样的 ISO 时间）",
    ),
    "err.summary": ("say what happened: the text must not be blank", "请写明互动内容，不能为空"),
    "err.follow_args": (
        "give a DATE, or --clear to remove the follow-up (not both)",
        "请给出日期，或用 --clear 清除跟进计划（二者不可同时使用）",
    ),
    "err.clear_note": ("--note cannot be used with --clear", "--note 不能与 --clear 同时使用"),
    # --- reports ---
    "h.active": ("active", "跟进中"),
    "h.reached": ("reached", "到达"),
    "h.conversion": ("→ next", "转化率"),
    "h.avg_days": ("avg days", "平均天数"),
    "h.leads": ("leads", "客户数"),
    "h.won": ("won", "成交"),
    "h.win_rate": ("win rate", "成交率"),
    "h.win_rate_bar": ("", ""),
    "h.won_value": ("won value", "成交金额"),
    "h.period": ("period", "期间"),
    "h.new": ("new", "新增"),
    "h.lost": ("lost", "流失"),
    "h.chart": ("", ""),
    "h.class": ("class", "等级"),
    "h.customers": ("customers", "客户数"),
    "h.revenue": ("revenue", "收入"),
    "h.share": ("share", "占比"),
    "h.orders": ("orders", "订单数"),
    "h.first_order": ("first order", "首次下单"),
    "h.last_order": ("last order", "最近下单"),
    "h.r": ("R", "R"),
    "h.f": ("F", "F"),
    "h.m": ("M", "M"),
    "h.segment": ("segment", "分群"),
    "h.tier": ("tier", "忠诚层级"),
    "h.phase": ("phase", "生命周期"),
    "h.quadrant": ("quadrant", "象限"),
    "h.relationship": ("relationship", "关系类型"),
    "title.report.funnel": ("Sales funnel", "销售漏斗"),
    "title.report.sources": ("Leads by source", "按来源"),
    "title.report.owners": ("Leads by salesperson", "按负责人"),
    "title.report.trend": ("New, won and lost leads over time", "新增、成交与流失趋势"),
    "title.report.abc": ("ABC customers by revenue", "ABC 客户分级（按收入）"),
    "title.report.rfm": ("RFM: recency, frequency, monetary", "RFM：最近、频率、金额"),
    "title.report.loyalty": ("Customer loyalty", "客户忠诚度"),
    "title.report.lifecycle": ("Customer lifecycle", "客户生命周期"),
    "title.report.matrix": ("Revenue × loyalty matrix", "收入 × 忠诚度矩阵"),
    "title.lost_by_stage": ("Lost by stage", "各阶段流失"),
    "title.lost_by_reason": ("Lost by reason", "流失原因"),
    "title.customers": ("Customers", "客户"),
    "title.advice": ("How to act on it", "如何行动"),
    "report.win_rate": ("win rate", "成交率"),
    # reports to mail and reports that mislead: chart headers, trend limits, HTML/SVG export
    "h.trend_bars": ("█ new ▓ won ░ lost", "█ 新增 ▓ 成交 ░ 流失"),
    "h.share_bar": ("revenue share", "收入占比"),
    "h.win_rate_chart": ("win rate chart", "成交率图"),
    "report.spark_range": ("{first} … {last}", "{first} … {last}"),
    "report.latest_periods": (
        "the latest {shown} of {total} periods (all of them with -f json, csv or plain)",
        "最近 {shown} 个期间，共 {total} 个（用 -f json、csv 或 plain 查看全部）",
    ),
    "report.html_title": ("funnel · {title}", "funnel · {title}"),
    "report.weighted_pipeline": ("weighted pipeline", "加权管道金额"),
    "report.lost_total": ("lost or dead", "流失或非客户"),
    "report.none": ("(none)", "（无）"),
    "report.empty": ("no leads in this report", "此报表没有客户"),
    "report.no_customers": ("no customers with orders yet", "还没有下过订单的客户"),
    "report.more_customers": (
        "… and {count} more (all of them with -f csv or -f json)",
        "……另有 {count} 个（用 -f csv 或 -f json 查看全部）",
    ),
    "report.medians": (
        "split at the medians: revenue {revenue}, orders {orders}",
        "以中位数划分：收入 {revenue}，订单数 {orders}",
    ),
    "report.trend_legend": ("bars: █ new  ▓ won  ░ lost", "条形：█ 新增  ▓ 成交  ░ 流失"),
    "report.created": ("created {since} to {until}", "创建于 {since} 至 {until}"),
    "report.owner": ("owner {owner}", "负责人 {owner}"),
    "report.source": ("source {source}", "来源 {source}"),
    "report.by.month": ("by month", "按月"),
    "report.by.week": ("by week", "按周"),
    "report.by.quarter": ("by quarter", "按季度"),
    "segment.champions": ("champions", "冠军客户"),
    "segment.loyal": ("loyal", "忠诚客户"),
    "segment.promising": ("promising", "潜力客户"),
    "segment.needs attention": ("needs attention", "需要关注"),
    "segment.at risk": ("at risk", "流失风险"),
    "segment.hibernating": ("hibernating", "休眠客户"),
    "segment.lost": ("lost", "已流失"),
    "tier.first-time": ("first-time", "首次购买"),
    "tier.repeat": ("repeat", "重复购买"),
    "tier.loyal": ("loyal", "忠诚客户"),
    "phase.new": ("new", "新客户"),
    "phase.active": ("active", "活跃"),
    "phase.silent": ("silent", "沉默"),
    "phase.lost": ("lost", "流失"),
    "quadrant.strategic": ("strategic", "战略型"),
    "quadrant.purchase": ("purchase", "买卖型"),
    "quadrant.emotional": ("emotional", "情感型"),
    "quadrant.vendor": ("vendor", "供应型"),
    "relationship.partner": ("partner", "伙伴关系"),
    "relationship.relationship": ("relationship", "一般关系"),
    "advice.funnel": (
        "Look at the stage with the lowest conversion or the most days: that is where leads "
        "stall. Work the oldest leads there first, and read the loss reasons before "
        "changing the offer.",
        "找出转化率最低或停留天数最多的阶段——那里就是卡点。先跟进其中停留最久的客户，"
        "调整方案前先看清流失原因。",
    ),
    "advice.sources": (
        "Put more effort into the sources that win, and ask why the others don't before "
        "dropping them: a small source can still bring the best customers.",
        "把更多精力放在成交好的来源上；放弃其他来源之前先弄清原因——小来源也可能带来最好的客户。",
    ),
    "advice.owners": (
        "Use this to share what works, not to rank people: pair the highest win rates with "
        "colleagues who are stuck, and check whether their leads are comparable.",
        "用它来分享有效做法，而不是给人排名：让成交率高的同事带一带遇到困难的同事，"
        "并确认双方的客户是否可比。",
    ),
    "advice.trend": (
        "Watch the gap between new and won: if new leads fall, fill the top of the funnel "
        "now — it shows up in wins a few months later.",
        "关注新增与成交之间的差距：新增下降时要尽早补充漏斗顶部——几个月后才会反映在成交上。",
    ),
    "advice.abc": (
        "Give A customers a named contact and regular reviews, keep B close with planned "
        "visits, and serve C with good standard service while looking for those who can grow.",
        "为 A 类客户指定专人并定期回顾，对 B 类客户按计划拜访保持联系，"
        "对 C 类客户提供规范的标准服务，同时留意有成长潜力的客户。",
    ),
    "advice.abc_traps": (
        "Grading has traps: the top gets over-served while the bottom is neglected, hidden "
        "potential among small customers is missed, and problems brewing in low-revenue "
        "accounts go unseen. Revisit the classes regularly.",
        "分级有陷阱：头部客户被过度服务而底部被忽视，小客户中的潜力被错过，"
        "低收入客户里正在酝酿的问题无人察觉。请定期重新审视分级。",
    ),
    "advice.rfm": (
        "Call the at-risk customers first — they bought often or a lot and have gone quiet; "
        "thank the champions, and help promising ones with a useful second purchase.",
        "先联系“流失风险”客户——他们曾经常购买或金额较大，最近却沉默了；"
        "感谢冠军客户，并帮助潜力客户完成一次真正有用的再次购买。",
    ),
    "advice.loyalty": (
        "Earn the second order from first-time customers with good service after delivery; "
        "ask loyal customers for feedback and, if they are happy, a referral.",
        "通过交付后的良好服务赢得首次购买客户的第二单；向忠诚客户征求反馈，"
        "如果他们满意，再请他们推荐。",
    ),
    "advice.lifecycle": (
        "Welcome new customers, check in with silent ones before they drift to lost, and "
        "ask lost customers honestly what went wrong.",
        "欢迎新客户；在沉默客户流失之前主动联系；坦诚地询问流失客户问题出在哪里。",
    ),
    "advice.matrix": (
        "Treat strategic customers as partners; earn the loyalty of purchase customers "
        "with reliable service; cultivate the value of emotional ones; serve vendor "
        "customers efficiently.",
        "把战略型客户当作伙伴；用可靠的服务赢得买卖型客户的忠诚；"
        "培养情感型客户的价值；高效地服务供应型客户。",
    ),
    "msg.report_saved": ("report saved to {path}", "报表已保存到 {path}"),
    "err.since_until": (
        "--since {since} is after --until {until}",
        "--since {since} 晚于 --until {until}",
    ),
    # --- data in and out: import, export, config, completions ---
    "ev.imported": ("imported from {file}", "从 {file} 导入"),
    "msg.imported": (
        "{file}: imported {imported} lead(s), updated {updated}, skipped {skipped}",
        "{file}：导入 {imported} 个客户，更新 {updated} 个，跳过 {skipped} 个",
    ),
    "msg.dry_run": (
        "{file}: every row is valid (dry run, nothing written): would import "
        "{imported}, update {updated}, skip {skipped}",
        "{file}：所有行均有效（试运行，未写入）：将导入 {imported} 个，更新 {updated} 个，"
        "跳过 {skipped} 个",
    ),
    "msg.import_extra": (
        "note: columns kept as custom fields: {columns}",
        "提示：以下列作为自定义字段保存：{columns}",
    ),
    "msg.edited": ("lead {id}: {count} change(s)", "客户 {id}：{count} 处修改"),
    "err.import_row": ("{file} line {line}: {why}", "{file} 第 {line} 行：{why}"),
    "err.import_failed": (
        "{count} bad row(s) in {file}; nothing was imported",
        "{file} 中有 {count} 行有误；未导入任何数据",
    ),
    "err.import_dry_failed": (
        "{count} bad row(s) in {file} (dry run; nothing written)",
        "{file} 中有 {count} 行有误（试运行，未写入）",
    ),
    "err.import_no_name": ("no name column (name or 姓名)", "缺少姓名列（name 或 姓名）"),
    "err.import_header_twice": (
        "columns '{first}' and '{second}' both mean {name}",
        "列“{first}”和“{second}”都表示 {name}",
    ),
    "err.import_cells": (
        "{count} cells, but the header has {width} columns",
        "有 {count} 个单元格，但表头只有 {width} 列",
    ),
    "err.import_unnamed": ("a value in a column without a header name", "没有表头名称的列中有数据"),
    "err.import_dup_line": ("same {field} as line {line}", "{field}与第 {line} 行相同"),
    "err.import_dup_store": (
        "lead {id} ({name}) already has this {field} (--on-duplicate skip or update to go on)",
        "客户 {id}（{name}）已有相同的{field}（可用 --on-duplicate skip 或 update）",
    ),
    "err.import_highest": (
        "highest_stage {highest} is below the stage {stage}",
        "最高阶段 {highest} 低于当前阶段 {stage}",
    ),
    "err.import_child": ("{name}[{index}]: {why}", "{name}[{index}]：{why}"),
    "err.import_integrity": (
        "the file's records clash with each other: {why}",
        "文件中的记录互相冲突：{why}",
    ),
    "err.import_empty": ("{path} is empty", "{path} 是空文件"),
    "err.timestamp": (
        "invalid {field} '{value}' (an ISO 8601 date or datetime)",
        "无效的 {field}“{value}”（须为 ISO 8601 日期或时间）",
    ),
    "err.read": ("cannot read {path}: {why}", "无法读取 {path}：{why}"),
    "err.encoding_unknown": ("unknown encoding '{value}'", "未知编码“{value}”"),
    "err.decode": (
        "{path} is not valid {encoding} text; name its encoding with --encoding",
        "{path} 不是有效的 {encoding} 文本；请用 --encoding 指定编码",
    ),
    "err.csv": (
        "{path} line {line}: not valid CSV ({why})",
        "{path} 第 {line} 行：CSV 格式错误（{why}）",
    ),
    "err.json": (
        "{path} line {line}: not valid JSON ({why})",
        "{path} 第 {line} 行：JSON 格式错误（{why}）",
    ),
    "err.json_expected": ("expected {chars}", "此处应为 {chars}"),
    "err.json_shape": (
        "{path} is neither a funnel export nor an array of lead objects",
        "{path} 既不是 funnel 导出文件，也不是客户对象数组",
    ),
    "err.json_not_object": ("not a lead object", "不是客户对象"),
    "err.json_trailing": ("unexpected data after the end", "结尾之后还有多余内容"),
    "err.export_newer": (
        "{path} is a version {version} export from a newer funnel; upgrade funnel",
        "{path} 是更新版本 funnel 的导出文件（版本 {version}），请升级 funnel",
    ),
    "err.move_args": (
        "give at least one lead id and a stage, e.g. funnel move 12 trial",
        "请给出至少一个客户编号和一个阶段，例如 funnel move 12 trial",
    ),
    "err.backup_sqlite": (
        "db backup copies SQLite stores; back up PostgreSQL with pg_dump "
        "(e.g. pg_dump -Fc -f funnel.dump DBNAME)",
        "db backup 只能复制 SQLite 数据库；PostgreSQL 请用 pg_dump 备份"
        "（例如 pg_dump -Fc -f funnel.dump 数据库名）",
    ),
    "err.check_failed": ("check failed: {checks}", "检查未通过：{checks}"),
    "err.is_dir": ("it is a directory", "这是一个目录"),
    "err.is_store": (
        "that is the store itself, or a file SQLite keeps beside it",
        "这是数据库本身，或 SQLite 放在它旁边的文件",
    ),
    "err.not_regular": (
        "it is not a regular file (a device, a FIFO or a socket)",
        "这不是普通文件（而是设备、FIFO 或套接字）",
    ),
    "err.is_symlink": (
        "it is a symbolic link; name the file itself",
        "这是一个符号链接；请直接指定文件本身",
    ),
    "err.store_in_use": (
        "a SQLite journal (-wal or -journal) lies beside it: it may be in use",
        "它旁边有 SQLite 日志文件（-wal 或 -journal）：它可能正在被使用",
    ),
    "err.not_a_store": (
        "it exists and is not a funnel store (--force replaces it)",
        "该文件已存在且不是 funnel 数据库（--force 可覆盖它）",
    ),
    "cfg.unknown": ("unknown key '{name}'", "未知的键“{name}”"),
    # --- issue 11, Chinese leftovers: effective language, usage errors ---
    "cfg.colon": (": ", "："),
    "check.schema": ("schema", "数据库结构"),
    "check.integrity": ("integrity", "完整性"),
    "check.foreign_keys": ("foreign keys", "外键引用"),
    "check.open_stays": ("open stays", "未结束的阶段停留"),
    "check.stay_and_stage": ("stay and stage", "停留与阶段一致"),
    "check.won_deals": ("won deals", "成交记录"),
    "check.paid": ("paid", "已付金额"),
    "check.highest_stage": ("highest stage", "最高阶段"),
    "check.deleted_leads": ("deleted leads", "已删除客户的残留记录"),
    "check.ok": ("ok", "正常"),
    "check.leads": ("{n} leads: {ids}", "{n} 个客户：{ids}"),
    "check.one_lead": ("1 lead: {ids}", "1 个客户：{ids}"),
    "check.schema_at": ("at {rev}, expected {head}", "当前为 {rev}，应为 {head}"),
    "check.broken": ("{n} broken references", "{n} 处引用失效"),
    "cfg.from_env": ("environment ({name})", "环境变量（{name}）"),
    "use.hint": ("{message} (see {command} --help)", "{message}（见 {command} --help）"),
    "use.no_such_option": ("no such option: {name}", "没有这个选项：{name}"),
    "use.did_you_mean": ("{message} (did you mean {names}?)", "{message}（是不是 {names}？）"),
    "use.no_such_command": ("no such command: {name}", "没有这个命令：{name}"),
    "use.missing": ("missing {what} {name}", "缺少{what} {name}"),
    "use.argument": ("argument", "参数"),
    "use.option": ("option", "选项"),
    "use.parameter": ("parameter", "参数"),
    "use.needs_value": ("{name} needs a value", "{name} 需要一个值"),
    "use.extra": ("too many arguments: {args}", "多余的参数：{args}"),
    "use.invalid": ("invalid value for {name}: {why}", "{name} 的值无效：{why}"),
    "use.not_one_of": ("{value} is not one of {choices}", "{value} 不是 {choices} 之一"),
    "use.not_number": ("{value} is not a valid {kind}", "{value} 不是有效的{kind}"),
    "use.integer": ("whole number", "整数"),
    "use.float": ("number", "数字"),
    "use.at_least": ("it must be at least {n}", "不能小于 {n}"),
    "use.at_most": ("it must be at most {n}", "不能大于 {n}"),
    "use.want_integer": ("a whole number is needed", "需要一个整数"),
    "use.want_number": ("a number is needed", "需要一个数字"),
    "use.not_in_range": ("{value} is not in the range {range}", "{value} 不在范围 {range} 内"),
    "cfg.table": ("[{name}] must be a table", "[{name}] 必须是一个表"),
    "cfg.number": ("{name} must be a number", "{name} 必须是数字"),
    "cfg.share": ("{name} must be between 0 and 1", "{name} 必须在 0 到 1 之间"),
    "cfg.seconds": (
        "{name} must be a number of seconds from 0 to {most}",
        "{name} 必须是 0 到 {most} 之间的秒数",
    ),
    "cfg.whole": ("{name} must be a whole number", "{name} 必须是整数"),
    "cfg.at_least_one": ("{name} must be at least 1", "{name} 至少为 1"),
    "cfg.text": ("{name} must be text", "{name} 必须是文本"),
    "cfg.language": ("language must be one of {choices}", "language 必须是 {choices} 之一"),
    "cfg.abc_sum": ("abc.a + abc.b must not exceed 1", "abc.a + abc.b 不能超过 1"),
    "cfg.lifecycle_order": (
        "lifecycle needs new_days ≤ silent_days < lost_days",
        "lifecycle 须满足 new_days ≤ silent_days < lost_days",
    ),
    "cfg.default": ("default", "默认值"),
    "h.setting_value": ("value", "值"),
    "err.not_array": ("not an array", "不是数组"),
    "err.reader_died": ("the process reading it stopped", "读取它的进程意外停止"),
    "err.not_object": ("not an object", "不是对象"),
    "err.a_number": ("a whole number", "整数"),
    "err.a_text": ("text", "文本"),
    "err.no_owner": (
        "--mine needs a default owner: set owner in the config file ({path})",
        "--mine 需要默认负责人：请在配置文件中设置 owner（{path}）",
    ),
    # --- the store itself: what `db upgrade` did ---
    "msg.db_upgraded": ("upgraded the store from {old} to {new}", "数据库已从 {old} 升级到 {new}"),
    "msg.db_created": ("created the store's schema at {rev}", "已创建数据库结构，版本 {rev}"),
    "msg.db_up_to_date": ("the store is up to date ({rev})", "数据库已是最新版本（{rev}）"),
}
