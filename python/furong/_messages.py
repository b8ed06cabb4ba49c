"""The text a person reads in the report and the command line, in Simplified Chinese (``zh``,
as Changsha's planners write it) and English (``en``): one catalogue, one place.

A message is looked up by key and formatted with ``str.format`` fields; the language is
``zh`` or ``en``, by default the one of the locale (:func:`default_lang`). The Chinese terms
of the kinds come from the C++ tables (``furong._core.ORG_KIND_TERMS`` and its siblings,
``include/furong/kinds.hpp``), not from here.

Examples
--------
>>> from furong._messages import Messages
>>> Messages("zh")("report.title")
'芙蓉区基层治理网络报告'
>>> Messages("en")("report.rows", shown=30, total=118)
'first 30 of 118 rows'
"""

from __future__ import annotations

import locale as _locale
import os as _os
from typing import Any, Dict, Mapping, Optional

from . import _core

__all__ = ["LANGS", "MESSAGES", "Messages", "default_lang", "check_lang", "kind_term"]

#: The languages of the catalogue.
LANGS = ("zh", "en")

#: {key: {"zh": text, "en": text}}; fields in braces are filled by ``str.format``.
MESSAGES: Dict[str, Dict[str, str]] = {
    # -- the page
    "report.title": {"zh": "芙蓉区基层治理网络报告", "en": "Furong District: governance network report"},
    "report.title_of": {"zh": "基层治理网络报告：{source}", "en": "Governance network report: {source}"},
    "report.subtitle": {"zh": "数据：{source} · 统计日期 {as_of}", "en": "Data: {source} · as of {as_of}"},
    "report.bundled": {"zh": "内置数据集（13 个真实街道，街道以下为合成数据）",
                       "en": "the bundled dataset (13 real streets, synthetic below them)"},
    "report.glance": {"zh": "概要", "en": "At a glance"},
    "report.contents": {"zh": "目录", "en": "Contents"},
    "report.rows": {"zh": "显示前 {shown} 行，共 {total} 行", "en": "first {shown} of {total} rows"},
    "report.all_rows": {"zh": "共 {total} 行", "en": "{total} rows"},
    "report.download": {"zh": "完整表格下载", "en": "Full table"},
    "report.downloads": {"zh": "全部表格", "en": "All tables"},
    "report.workbook": {"zh": "全部表格（Excel 工作簿）", "en": "every table (Excel workbook)"},
    "report.footer": {"zh": "由 furong {version} 生成（{command}）；{timings}。每张图注明绘制它的调用。",
                      "en": "Made by furong {version} ({command}); {timings}. Every figure says the call that draws it."},
    "report.no_plots": {"zh": "（安装 matplotlib 后可显示图表）", "en": "(install matplotlib for the plots)"},
    "report.figure_failed": {"zh": "（图表未能绘制：{error}）", "en": "(figure left out: {error})"},
    "report.names_hidden": {"zh": "为保护隐私，居民姓名未显示（使用 --names 显示）。",
                            "en": "Residents' names are not shown, for privacy (--names shows them)."},
    "report.written": {"zh": "报告：{path}", "en": "report: {path}"},
    "report.loading": {"zh": "加载 {location}", "en": "loading {location}"},
    "yes": {"zh": "是", "en": "yes"},
    "no": {"zh": "否", "en": "no"},
    # -- columns (shared)
    "col.id": {"zh": "编号", "en": "id"},
    "col.name": {"zh": "名称", "en": "name"},
    "col.kind": {"zh": "类型", "en": "kind"},
    "col.term": {"zh": "中文名", "en": "Chinese term"},
    "col.count": {"zh": "数量", "en": "count"},
    "col.street": {"zh": "街道", "en": "street"},
    "col.street_name": {"zh": "街道名称", "en": "street name"},
    "col.community": {"zh": "社区", "en": "community"},
    "col.compound": {"zh": "小区", "en": "compound"},
    "col.compound_name": {"zh": "小区名称", "en": "compound name"},
    "col.scope": {"zh": "范围", "en": "scope"},
    "col.scope_name": {"zh": "范围名称", "en": "scope name"},
    "col.compounds": {"zh": "小区", "en": "compounds"},
    "col.compound_names": {"zh": "小区名称", "en": "compound names"},
    "col.size": {"zh": "小区数", "en": "number of compounds"},
    "col.party_members": {"zh": "党员数", "en": "party members"},
    "col.households": {"zh": "户数", "en": "households"},
    "col.provider": {"zh": "共建单位", "en": "provider"},
    "col.provider_name": {"zh": "共建单位名称", "en": "provider name"},
    "col.score": {"zh": "得分", "en": "score"},
    "col.reasons": {"zh": "匹配理由（资源：优先级×数量）", "en": "reasons (resource: priority × amount)"},
    "col.why": {"zh": "原因", "en": "why"},
    "col.type": {"zh": "小区类型", "en": "compound type"},
    "col.check": {"zh": "检查项", "en": "check"},
    "col.status": {"zh": "状态", "en": "status"},
    "col.measure": {"zh": "覆盖指标", "en": "coverage"},
    "col.ratio": {"zh": "覆盖率", "en": "ratio"},
    "col.no_contact": {"zh": "无联系人户数", "en": "households without contact"},
    "col.no_branch": {"zh": "无党支部小区", "en": "compounds without branch"},
    "col.no_pairing": {"zh": "无结对小区", "en": "compounds without pairing"},
    "col.no_leader": {"zh": "无楼栋长楼栋", "en": "buildings without leader"},
    "col.no_worker": {"zh": "无网格员网格", "en": "grids without worker"},
    "col.three_party_gaps": {"zh": "三方联动缺口", "en": "three-party gaps"},
    "col.one_shoulder": {"zh": "一肩挑", "en": "one shoulder"},
    "col.missing": {"zh": "缺少", "en": "missing"},
    "col.open": {"zh": "未办结", "en": "open"},
    "col.overdue": {"zh": "已超期", "en": "overdue"},
    "col.category": {"zh": "类别", "en": "category"},
    "col.closed": {"zh": "已办结", "en": "closed"},
    "col.median_days": {"zh": "天数中位数", "en": "median days"},
    "col.p90_days": {"zh": "90% 分位天数", "en": "p90 days"},
    "col.item": {"zh": "台账事项", "en": "item"},
    "col.summary": {"zh": "摘要", "en": "summary"},
    "col.raised": {"zh": "登记日期", "en": "raised"},
    "col.due": {"zh": "应办结日期", "en": "due"},
    "col.days_open": {"zh": "已开天数", "en": "days open"},
    "col.days_overdue": {"zh": "超期天数", "en": "days overdue"},
    "col.next_step": {"zh": "下一步上报", "en": "next step"},
    "col.next_role": {"zh": "负责角色", "en": "role"},
    "col.leader": {"zh": "邻长", "en": "leader"},
    "col.leader_name": {"zh": "邻长姓名", "en": "leader name"},
    "col.items": {"zh": "台账事项数", "en": "items"},
    "col.decision": {"zh": "评议结果", "en": "decision"},
    "col.owner": {"zh": "负责人", "en": "owner"},
    "col.owner_name": {"zh": "负责人姓名", "en": "owner name"},
    "col.role": {"zh": "角色", "en": "role"},
    "col.link_kind": {"zh": "关系类型", "en": "link kind"},
    "col.links": {"zh": "关系数", "en": "links"},
    "col.people": {"zh": "任职人数", "en": "people holding it"},
    # -- structure
    "structure.title": {"zh": "组织结构", "en": "Structure"},
    "structure.text": {"zh": "共 {organisations} 个组织、{links} 条关系、{people} 人担任 {roles} 个有期限的职务；"
                               "共建资源 {offers} 项、需求 {needs} 项。",
                       "en": "{organisations} organisations, {links} links, {people} people holding {roles} dated "
                             "roles; {offers} offers and {needs} needs for co-building."},
    "structure.kinds": {"zh": "各类组织", "en": "Organisations by kind"},
    "structure.links": {"zh": "各类关系", "en": "Links by kind"},
    "structure.roles": {"zh": "职务", "en": "Roles"},
    "structure.sunburst": {"zh": "{name}：组织层级（内圈社区，外圈小区；角度 = 户数）",
                           "en": "{name}: the hierarchy (inner ring communities, outer ring compounds; angle = households)"},
    "structure.summary": {"zh": "结构：{organisations} 个组织（{streets} 个街道、{communities} 个社区、{compounds} 个小区、"
                                  "{households} 户），{links} 条关系，{people} 人",
                          "en": "structure: {organisations} organisations ({streets} streets, {communities} communities, "
                                "{compounds} compounds, {households} households), {links} links, {people} people"},
    # -- audit
    "audit.title": {"zh": "覆盖情况", "en": "Coverage audit"},
    "audit.text": {"zh": "截至 {as_of}：{households} 户中有 {no_contact} 户没有有效联系人（所在邻有邻长）；"
                           "{compounds} 个小区中有 {no_branch} 个没有党支部（党员不少于 3 名），{no_pairing} 个没有结对共建，"
                           "{gaps} 个三方联动不全（一肩挑 {one_shoulder} 个）。{critical} 名邻长是 {single} 户的唯一联系人。",
                   "en": "As of {as_of}: {no_contact} of {households} households have no active contact with a "
                         "neighbourhood that has a neighbour leader; {no_branch} of {compounds} compounds have no party "
                         "branch (with at least 3 party members); {no_pairing} have no co-building pairing; {gaps} lack "
                         "one of the three parties (one shoulder in {one_shoulder}). {critical} neighbour leaders are the "
                         "only contact of {single} households."},
    "audit.ratios": {"zh": "覆盖率", "en": "Coverage ratios"},
    "audit.streets": {"zh": "各街道覆盖缺口", "en": "Gaps by street"},
    "audit.gaps": {"zh": "三方联动缺口（逐个小区）", "en": "Three-party gaps, compound by compound"},
    "audit.no_branch": {"zh": "无党支部的小区", "en": "Compounds without a party branch"},
    "audit.figure": {"zh": "各街道覆盖率", "en": "Coverage by street"},
    "audit.summary": {"zh": "覆盖（{as_of}）：联系人覆盖率 {contact}（{no_contact} 户无联系人），党支部覆盖率 {branch}，"
                              "结对覆盖率 {pairing}，三方联动缺口 {gaps} 个",
                      "en": "audit ({as_of}): contact coverage {contact} ({no_contact} households without a contact), "
                            "branch coverage {branch}, pairing coverage {pairing}, {gaps} three-party gaps"},
    "measure.contact_coverage": {"zh": "户有联系人", "en": "households with a contact"},
    "measure.branch_coverage": {"zh": "小区有党支部", "en": "compounds with a branch"},
    "measure.pairing_coverage": {"zh": "小区有结对", "en": "compounds with a pairing"},
    "measure.building_leader_coverage": {"zh": "楼栋有楼栋长", "en": "buildings with a leader"},
    "measure.grid_worker_coverage": {"zh": "网格有网格员", "en": "grids with a worker"},
    "measure.three_party_coverage": {"zh": "小区三方联动齐全", "en": "compounds with all three parties"},
    # -- planning
    "planning.title": {"zh": "规划", "en": "Planning"},
    "planning.branches": {"zh": "截至 {as_of}。联合建支部（按社区，每个支部至少 3 名党员）：共 {groups} 个支部，"
                                "单独建 {alone} 个、联合建 {joint} 个（涵盖 {joint_compounds} 个小区）；"
                                "{uncovered} 个小区需由社区党委直接覆盖。",
                          "en": "As of {as_of}. Joint branches (per community, a branch needs 3 party members): "
                                "{groups} branches, {alone} built alone and {joint} joint ({joint_compounds} compounds); "
                                "{uncovered} compounds need the community party committee's direct coverage."},
    "planning.joint": {"zh": "联合建支部", "en": "Joint branches"},
    "planning.property": {"zh": "片区大物业（无物业的老旧小区，按街道，至少 300 户）：候选 {candidates} 个，"
                                "划为 {groups} 个片区、涵盖 {covered} 个小区；{uncovered} 个小区所在片过小。",
                          "en": "District-wide property areas (old compounds without a property company, per street, "
                                "at least 300 households): {candidates} candidates, {groups} areas covering {covered} "
                                "compounds; {uncovered} remain in clusters too small."},
    "planning.areas": {"zh": "片区大物业", "en": "District-wide property areas"},
    "planning.policy": {"zh": "一类一策：未通过或无法判断的检查项", "en": "One policy per compound type: failed or unknown checks"},
    "planning.policy_all": {"zh": "一类一策：逐个小区", "en": "One policy per compound type, compound by compound"},
    "planning.summary": {"zh": "规划：{groups} 个支部（联合建 {joint} 个），{uncovered} 个小区需直接覆盖；"
                                 "片区大物业 {areas} 个，涵盖 {covered} 个小区；一类一策缺口 {gaps} 项",
                         "en": "planning: {groups} branches ({joint} joint), {uncovered} compounds for direct coverage; "
                               "{areas} district-wide property areas for {covered} compounds; {gaps} policy gaps"},
    # -- matching
    "matching.title": {"zh": "结对共建", "en": "Co-building matching"},
    "matching.text": {"zh": "截至 {as_of}：共建单位 {providers} 个（区直机关与先锋共同体成员单位），小区 {compounds} 个，"
                              "保留现有结对 {kept} 对。最优方案新增 {pairs} 对，总得分 {score}（得分 = 共享资源的优先级×数量之和），"
                              "{unmatched} 个小区未能结对（{no_provider} 个无合格单位，{full} 个合格单位已满）。"
                              "优先覆盖方案覆盖 {cover} 个小区（最优方案 {covered} 个）。",
                      "en": "As of {as_of}: {providers} providers (agencies and Pioneer units), {compounds} compounds, "
                            "{kept} active pairings kept. The optimal plan proposes {pairs} new pairs of total score "
                            "{score} (score = Σ priority × amount over shared resources), leaving {unmatched} compounds "
                            "without a partner ({no_provider} with no eligible provider, {full} whose eligible "
                            "providers are full). Cover-first covers {cover} compounds against {covered}."},
    "matching.pairs": {"zh": "新增结对（按得分排序）", "en": "New pairs, best first"},
    "matching.unmatched": {"zh": "未能结对的小区", "en": "Compounds left without a partner"},
    "matching.stable": {"zh": "按 preferences.csv 的稳定匹配（小区优先）：{pairs} 对，{unmatched} 个小区未匹配，"
                                "{proposals} 次提议，{blocking} 个阻塞对。",
                        "en": "Stable matching of preferences.csv (compound-optimal): {pairs} pairs, {unmatched} "
                              "compounds unmatched, {proposals} proposals, {blocking} blocking pairs."},
    "matching.figure": {"zh": "得分最高的 40 对新结对", "en": "The 40 best new pairs"},
    "matching.summary": {"zh": "结对（{as_of}）：新增 {pairs} 对，得分 {score}，{covered}/{compounds} 个小区有结对",
                         "en": "matching ({as_of}): {pairs} new pairs, score {score}, {covered}/{compounds} compounds covered"},
    "why.no_eligible_provider": {"zh": "无合格共建单位", "en": "no eligible provider"},
    "why.providers_full": {"zh": "合格单位已满", "en": "eligible providers full"},
    # -- ledger
    "ledger.title": {"zh": "台账", "en": "Ledger"},
    "ledger.none": {"zh": "没有台账文件。", "en": "No ledger files."},
    "ledger.text": {"zh": "截至 {as_of}：共 {items} 项，超期 {overdue} 项，待回访 {due} 项（30 天），"
                            "超过 60 天未办结 {old} 项。芙蓉夜话 {talks} 场，闭环率 {rate}；{not_four} 场未做到四方联动。"
                            "逾期承诺：逾期兑现 {late_delivered} 项，未兑现 {late_missing} 项。{month} 未开联席会议的小区 {missed} 个。",
                    "en": "As of {as_of}: {items} items; {overdue} overdue, {due} due for a return visit (30 days), "
                          "{old} open for more than 60 days. Night talks: {talks} sessions, closed-loop rate {rate}; "
                          "{not_four} without all four parties. Commitments late: {late_delivered} delivered late, "
                          "{late_missing} not delivered. Compounds that missed their joint meeting in {month}: {missed}."},
    "ledger.by_street": {"zh": "各街道未办结与超期事项", "en": "Open and overdue items by street"},
    "ledger.closure": {"zh": "各类别办结天数", "en": "Days to closure by category"},
    "ledger.old": {"zh": "超过 60 天未办结的事项及下一步上报", "en": "Items open for more than 60 days, with the next escalation step"},
    "ledger.overdue": {"zh": "超期事项", "en": "Overdue items"},
    "ledger.leaders": {"zh": "邻长评议：共评 {scored} 人，拟表扬 {commend} 人、拟调整 {adjust} 人（原文：表扬 374 名、调整 424 名）。",
                       "en": "Neighbour-leader evaluation: {scored} leaders scored, {commend} to commend and {adjust} "
                             "to adjust (seed: 374 and 424)."},
    "ledger.scores": {"zh": "邻长评议得分", "en": "Neighbour-leader scores"},
    "ledger.burndown": {"zh": "台账积压", "en": "The backlog"},
    "ledger.closure_figure": {"zh": "各街道从登记到办结的天数", "en": "Days from raised to closure, per street"},
    "ledger.summary": {"zh": "台账（{as_of}）：{items} 项，超期 {overdue} 项，待回访 {due} 项，夜话闭环率 {rate}；"
                               "邻长拟表扬 {commend} 人、拟调整 {adjust} 人",
                       "en": "ledger ({as_of}): {items} items, {overdue} overdue, {due} due for a return visit, "
                             "night-talk closed-loop rate {rate}; leaders: {commend} to commend, {adjust} to adjust"},
    "decision.commend": {"zh": "表扬", "en": "commend"},
    "decision.adjust": {"zh": "调整", "en": "adjust"},
    "decision.keep": {"zh": "保持", "en": "keep"},
    # -- command line
    "cli.description": {"zh": "把城市基层治理建模为图：组织、关系、台账与规划。",
                        "en": "Urban grassroots governance as a graph."},
    "cli.error": {"zh": "furong：错误：{error}", "en": "furong: error: {error}"},
    "cli.any_date": {"zh": "不限日期（全部关系与职务）", "en": "any date (all links and roles)"},
    "cli.no_street": {"zh": "（无街道）", "en": "(no street)"},
    "cli.more": {"zh": " ……（另有 {n} 项）", "en": " ... (+{n})"},
    "cli.info": {"zh": "{location}：{organisations} 个组织、{links} 条关系、{people} 人、{roles} 个职务、"
                       "共建资源 {offers} 项、需求 {needs} 项",
                 "en": "{location}: {organisations} organisations, {links} links, {people} people, {roles} roles, "
                       "{offers} offers, {needs} needs"},
    "cli.info_kinds": {"zh": "各类组织", "en": "organisations by kind"},
    "cli.info_links": {"zh": "各类关系", "en": "links by kind"},
    "cli.info_roles": {"zh": "职务", "en": "roles"},
    "cli.info_valid": {"zh": "校验：文件一致（编号、上级、层级、关系、职务、日期均已检查）",
                       "en": "validation: the file set is consistent (ids, parents, nesting, links, roles, dates all checked)"},
    "cli.info_roots": {"zh": "  注意：{n} 个非区级组织没有上级：", "en": "  note: {n} organisations other than the district have no parent: "},
    "cli.audit_head": {"zh": "覆盖情况，统计日期：{as_of}", "en": "coverage audit as of {as_of}"},
    "cli.audit_contact": {"zh": "  无联系人的户：{n} / {of}（联系人覆盖率 {ratio}）",
                          "en": "  households without a contact: {n} of {of} (contact coverage {ratio})"},
    "cli.audit_branch": {"zh": "  无党支部的小区：{n} / {of}（覆盖率 {ratio}）",
                         "en": "  compounds without a party branch: {n} of {of} (coverage {ratio})"},
    "cli.audit_pairing": {"zh": "  无结对的小区：{n}（覆盖率 {ratio}）", "en": "  compounds without a pairing: {n} (coverage {ratio})"},
    "cli.audit_leader": {"zh": "  无楼栋长的楼栋：{n} / {of}", "en": "  buildings without a leader: {n} of {of}"},
    "cli.audit_worker": {"zh": "  无网格员的网格：{n} / {of}", "en": "  grids without a worker: {n} of {of}"},
    "cli.audit_three": {"zh": "  三方联动缺口：{n} 个小区；一肩挑 {one} 个",
                        "en": "  three-party gaps: {n} compounds; one shoulder in {one}"},
    "cli.audit_columns": {"zh": "街道|户数|无联系人|小区|无支部|无结对|三方缺口",
                          "en": "street|households|no contact|compounds|no branch|no pairing|3-party"},
    "cli.audit_policy": {"zh": "一类一策缺口：{n} 项未通过，涉及 {compounds} 个小区",
                         "en": "policy gaps (one policy per compound type): {n} failed checks on {compounds} compounds"},
    "cli.gap.households_without_contact": {"zh": "无联系人的户", "en": "households_without_contact"},
    "cli.gap.compounds_without_branch": {"zh": "无党支部的小区", "en": "compounds_without_branch"},
    "cli.gap.compounds_without_pairing": {"zh": "无结对的小区", "en": "compounds_without_pairing"},
    "cli.gap.buildings_without_leader": {"zh": "无楼栋长的楼栋", "en": "buildings_without_leader"},
    "cli.gap.grids_without_worker": {"zh": "无网格员的网格", "en": "grids_without_worker"},
    "cli.gap.three_party_gaps": {"zh": "三方联动缺口", "en": "three_party_gaps"},
    "cli.ledger_head": {"zh": "台账，统计日期 {as_of}：超期 {overdue} 项，待回访 {due} 项（距上次联系 {interval} 天）",
                        "en": "ledger as of {as_of}: {overdue} overdue, {due} due for a return visit "
                              "({interval} days since the last contact)"},
    "cli.ledger_columns": {"zh": "街道|未办结|已超期", "en": "street|open|overdue"},
    "cli.ledger_overdue": {"zh": "超期", "en": "overdue"},
    "cli.ledger_due": {"zh": "待回访", "en": "due for a return visit"},
    "cli.ledger_provisional": {"zh": "暂定期限（超出官方工作日历）",
                               "en": "provisional due dates (beyond the official calendar)"},
    "cli.match_head": {"zh": "结对共建方案（{when}）：新增 {pairs} 对，总得分 {score}；保留现有结对 {kept} 对；"
                             "{covered}/{compounds} 个小区有结对",
                       "en": "co-building plan {when}: {pairs} new pairs, total score {score}; {kept} active pairings "
                             "kept; {covered} of {compounds} compounds covered"},
    "cli.match_when": {"zh": "截至 {as_of}", "en": "as of {as_of}"},
    "cli.match_all": {"zh": "不限日期，保留全部结对关系", "en": "(every pairing link kept, no date filter)"},
    "cli.match_unmatched": {"zh": "未结对：{n} 个（{none} 个无合格单位，{full} 个合格单位已满）",
                            "en": "unmatched: {n} ({none} no eligible provider, {full} providers full)"},
    "cli.match_more": {"zh": "  ……（另有 {n} 对；--json 列出全部）", "en": "  ... (+{n} pairs; --json lists all)"},
    "cli.plan_head": {"zh": "{kind}（{as_of}）：{groups} 组（单独 {single}、联合 {joint}），{uncovered} 个未覆盖，{optimal}",
                      "en": "{kind} as of {as_of}: {groups} groups ({single} single, {joint} joint), {uncovered} "
                            "uncovered, {optimal}"},
    "cli.plan_optimal": {"zh": "已证明最优", "en": "proven optimal"},
    "cli.plan_heuristic": {"zh": "未证明最优（大连通块用启发式）",
                           "en": "not proven optimal (heuristic used for large components)"},
    "cli.plan.branches": {"zh": "联合建支部", "en": "branches"},
    "cli.plan.property_areas": {"zh": "片区大物业", "en": "property areas"},
    "cli.plan_more": {"zh": "  ……（另有 {n} 组；--json 列出全部）", "en": "  ... (+{n} groups; --json lists all)"},
    "cli.plan_uncovered": {"zh": "  未覆盖：", "en": "  uncovered: "},
    "cli.plan_party": {"zh": "党员", "en": "party members"},
    "cli.whatif_head": {"zh": "假如 {removed} 于 {as_of} 离开：", "en": "what if {removed} leave on {as_of}:"},
    "cli.whatif_newly": {"zh": "  新增：", "en": "  newly: "},
    "cli.whatif_changed": {"zh": "  缺得更多：", "en": "  now missing more: "},
    "cli.whatif_single": {"zh": "只有一名邻长联系的户", "en": "households on one neighbour leader"},
    "cli.whatif_critical": {"zh": "；关键人员 {before} -> {after}", "en": "; critical people {before} -> {after}"},
    "cli.whatif_plan": {"zh": "组 {gb} -> {ga}，联合 {jb} -> {ja}，未覆盖 {ub} -> {ua}",
                        "en": "groups {gb} -> {ga}, joint {jb} -> {ja}, uncovered {ub} -> {ua}"},
    "cli.whatif.branch_plan": {"zh": "联合建支部方案", "en": "branch plan"},
    "cli.whatif.property_plan": {"zh": "片区大物业方案", "en": "property plan"},
    "cli.whatif_total": {"zh": "最优结对总得分", "en": "optimal co-building total"},
    "cli.whatif_no_total": {"zh": "不可用（未安装 furong.match）", "en": "not available (furong.match not installed)"},
    "cli.reach_yes": {"zh": "从 {src} 可达 {dst}，{hops} 步：", "en": "{dst} is reachable from {src} in {hops} hops: "},
    "cli.reach_no": {"zh": "经 {via} 从 {src} 不可达 {dst}", "en": "{dst} is not reachable from {src} over {via}"},
    "cli.reach_within": {"zh": "（{k} 步以内）", "en": " within {k} hops"},
    "cli.policy_head": {"zh": "一类一策缺口（{as_of}）：{n} 项未通过或无法判断",
                        "en": "policy gaps as of {as_of}: {n} failed or unknown checks"},
    "cli.policy_row": {"zh": "个小区", "en": "compounds"},
    "cli.plan_households": {"zh": "户数", "en": "households"},
}


def default_lang(environ: Optional[Mapping[str, str]] = None) -> str:
    """``"zh"`` when the locale is Chinese (``LC_ALL``, ``LC_MESSAGES``, ``LANG`` or
    ``LANGUAGE``, the first set, starting with ``zh``), else ``"en"``.

    Examples
    --------
    >>> default_lang({"LANG": "zh_CN.UTF-8"}), default_lang({"LANG": "C.UTF-8"}), default_lang({})
    ('zh', 'en', 'en')
    """
    env = _os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    if environ is None:
        try:
            code = _locale.getlocale()[0]
        except ValueError:  # pragma: no cover - an unparsable locale
            code = None
        if code and code.lower().startswith("zh"):
            return "zh"
    return "en"


def check_lang(lang: Optional[str]) -> str:
    """``lang``, or the locale's language when None; ``ValueError`` for another language."""
    if lang is None:
        return default_lang()
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang


def kind_term(table: str, name: str) -> str:
    """The Chinese term of a kind name from the C++ tables (``table``: ``org``, ``link``,
    ``role``, ``compound_type`` or ``unit_type``); the name itself when it has none."""
    terms: Dict[str, Dict[str, str]] = {
        "org": _core.ORG_KIND_TERMS, "link": _core.LINK_KIND_TERMS, "role": _core.ROLE_KIND_TERMS,
        "compound_type": _core.COMPOUND_TYPE_TERMS, "unit_type": _core.UNIT_TYPE_TERMS,
    }
    return str(terms[table].get(name, name))


class Messages:
    """The catalogue in one language: ``Messages("zh")("key", field=value)``."""

    def __init__(self, lang: Optional[str] = None) -> None:
        self.lang = check_lang(lang)

    def __call__(self, key: str, **fields: Any) -> str:
        text = MESSAGES[key][self.lang]
        return text.format(**fields) if fields else text

    def has(self, key: str) -> bool:
        return key in MESSAGES

    def term(self, table: str, name: str) -> str:
        """A kind's name in this language: its Chinese term (zh) or the name itself (en)."""
        return kind_term(table, name) if self.lang == "zh" else name

    def number(self, value: float, digits: int = 0) -> str:
        """Integers with thousands separators; other numbers with ``digits`` decimals."""
        if float(value).is_integer() and digits == 0:
            return f"{int(value):,}"
        return f"{value:,.{digits}f}"

    def percent(self, value: float) -> str:
        return f"{value:.1%}"
