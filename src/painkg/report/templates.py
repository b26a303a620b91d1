"""Wording of the report: section titles, sentence templates, column names, the disclaimer and the CSS.

Templates hold wording only. ``{name}`` fields are filled with values read from graph queries
(:class:`painkg.report.model.Value`); a digit in any template raises :class:`~painkg.report.model.TemplateError`
at build time (the CSS is the one exception: it is style, not text). Vocabulary maps turn graph codes
(``in_vitro``, ``meta_analysis``) into readable words; the word still comes from the graph value.
"""

from __future__ import annotations

__all__ = ["CSS"]

# -- titles ----------------------------------------------------------------------------------------------
TITLE = "{drug} for {condition}: evidence report"
SUBTITLE = (
    "Generated from the painkg knowledge graph by named graph queries. Every fact carries numbered citations "
    "to its sources; the wording is fixed and holds no facts of its own."
)
SEED_PAIR_NOTE = "The seed documents this report checks are about {drug} and {condition}."

SECTIONS = {
    "summary": "Summary",
    "regulatory": "Regulatory status",
    "guidelines": "Guideline position",
    "mechanism": "Mechanism",
    "efficacy": "Efficacy findings",
    "forest": "Forest plot",
    "durability": "Duration of effect",
    "harms": "Harms",
    "interactions": "Interactions",
    "cautions": "Contraindications and monitoring",
    "regimens": "Regimens studied",
    "contested": "Contested and negative evidence",
    "gaps": "Evidence gaps",
    "seed_audit": "How the seed documents' claims hold up",
    "disclaimer": "Disclaimer",
    "references": "References",
}
TOC = "Contents"

# -- vocabulary (graph code → words) ---------------------------------------------------------------------
EVIDENCE = {
    "clinical": "clinical",
    "human_experimental": "human experimental",
    "animal": "animal",
    "in_vitro": "in vitro",
    "label": "drug label",
    "guideline": "guideline",
    "review": "review",
}
DESIGN = {
    "meta_analysis": "meta-analysis",
    "systematic_review": "systematic review",
    "rct": "randomised controlled trial",
    "guideline": "guideline",
    "drug_label": "drug label",
    "regulatory_action": "regulatory record",
    "observational": "observational study",
    "case_series": "case series",
    "review": "narrative review",
    "primary_experimental": "experimental study",
    "database": "database record",
}
FINDING_DIRECTION = {
    "benefit": "benefit",
    "harm": "harm",
    "no_difference": "no difference",
    "pharmacokinetic": "pharmacokinetic",
}
STATEMENT_DIRECTION = {"supports": "supports", "refutes": "refutes", "no_effect": "no effect"}
CERTAINTY = {"high": "high", "moderate": "moderate", "low": "low", "very_low": "very low"}
STATUS = {
    "supported": "supported",
    "partly_supported": "partly supported",
    "contradicted": "contradicted",
    "unverifiable": "unverifiable",
}
EXPOSURE = {"acute": "acute", "repeated": "repeated"}
CAUTION_TYPE = {
    "contraindication": "contraindication",
    "warning": "warning",
    "monitoring": "monitoring",
    "restriction": "restriction",
}

# -- small pieces ----------------------------------------------------------------------------------------
AUTHOR_YEAR = "{author} {year}"
EFFECT = "{effect_type} {estimate}"
EFFECT_CI = " (CI {low} to {high})"
EFFECT_NO_CI = " (no CI recorded)"
EFFECT_SCALE = ", scale {scale}"
EFFECT_RESULT_AFTER = "; {result}"
P_VALUE = "; p {p}"
P_VALUE_EQ = "; p = {p}"
N_STUDIES = "{n} studies"
N_PARTICIPANTS = "{n} participants"
N_SEP = " / "
DOSE = "{dose} {unit}"
FORM = "{form}: "
HOP = "{subject} –{predicate}→ {object} ({evidence}{qualifiers}{cite})"
HOP_CONTESTED = ", contested"
HOP_SPECIES = ", {species}"
HOP_DIRECTION = ", {direction}"
HOP_SEP = "; "
CLAIM = "{subject} {predicate} {object}"
TRIPLE_LIST_SEP = "; "
LIST_SEP = ", "
LIST_LAST = " and "
FINDING_REF = "{outcome} ({timepoint}){cite}"
FINDING_REF_NO_TIME = "{outcome}{cite}"
DASH = "—"
YES = "yes"
NO = "no"
NOT_STATED = "not stated"
BROADER = " (broader population)"

# -- summary ---------------------------------------------------------------------------------------------
SUMMARY_DESIGNS = "Findings on {drug} in {condition} in the graph come from these designs: {designs}."
SUMMARY_DESIGN_ITEM = "{design}{cite}"
SUMMARY_HOW_MUCH_INTRO = "How much: the pooled results the graph records are listed below."
SUMMARY_HOW_MUCH_INTRO_UNPOOLED = (
    "How much: the graph records no meta-analysis or systematic review result for this pair; results from other "
    "designs are listed below."
)
SUMMARY_HOW_MUCH_NONE = "How much: no efficacy finding for this pair has a numeric estimate; the results are narrative."
SUMMARY_EFFECT = "{source} ({design}{form}): {outcome}, {effect}{timepoint}; reported as {direction}{certainty}."
SUMMARY_EFFECT_TIME = ", {timepoint}"
SUMMARY_EFFECT_FORM = ", {form}"
SUMMARY_EFFECT_CERTAINTY = "; GRADE certainty {certainty}"
SUMMARY_MORE = "The efficacy table lists every finding."
SUMMARY_HOW_SURE = "How sure: GRADE certainty recorded for efficacy findings: {levels}."
SUMMARY_HOW_SURE_ITEM = "{level}{cite}"
SUMMARY_HOW_SURE_NONE = "How sure: no efficacy finding for this pair carries a GRADE certainty rating in the graph."
SUMMARY_HOW_LONG = (
    "For how long: the latest timepoint at which a finding reports benefit is {timepoint} ({outcome}, {source})."
)
SUMMARY_HOW_LONG_NONE = (
    "For how long: no efficacy finding for this pair has a fixed timepoint in the graph, so duration cannot be stated."
)
SUMMARY_NULL = "Null or negative results are recorded too: {items}."
SUMMARY_NULL_NONE = "The graph records no null or negative efficacy finding for this pair."
SUMMARY_HARMS = "Harms with numbers in this population: {items}."
SUMMARY_HARM_ITEM = "{effect} {result}{cite}"
SUMMARY_HARMS_NONE = (
    "The graph records no harm finding with numbers in this population; see Harms for other populations."
)
SUMMARY_GUIDELINE = "Guidelines: {items}."
SUMMARY_GUIDELINE_ITEM = "{source} places {drug} at line of therapy “{line}”{strength}{cite}"
SUMMARY_GUIDELINE_STRENGTH = ", strength: {strength}"
SUMMARY_GUIDELINE_NONE = "No guideline recommendation in the graph names {drug} for {condition}."

# -- regulatory ------------------------------------------------------------------------------------------
REG_COLUMNS = ("Drug", "Agency", "Jurisdiction", "Product", "Action", "Indication", "Date")
REG_NOTHING_APPROVED = (
    "No approval for {condition}: none of the regulatory actions in the graph approves {drug} or its enantiomers "
    "for {condition} or any of its subtypes; the approvals it records are for {indications}."
)
REG_NOTHING_APPROVED_NO_APPROVALS = (
    "No approval for {condition}: none of the regulatory actions in the graph approves {drug} or its enantiomers "
    "for {condition} or any of its subtypes, and it records no approval of {drug} for any indication."
)
REG_INDICATION_ITEM = "{indication} ({agency}, {date}){cite}"
REG_APPROVED = "{drug} is approved for {indication} ({agency}, {product}{date})."
REG_APPROVED_FORM = "{form} is approved for {indication} ({agency}, {product}{date})."
REG_DATE = ", {date}"
REG_NONE = (
    "The graph holds no regulatory record for {drug} or its enantiomers, so its approval status for {condition} "
    "cannot be stated from the graph."
)

# -- guidelines ------------------------------------------------------------------------------------------
GUIDE_COLUMNS = ("Drug or class", "Class", "Population", "Line of therapy", "Strength", "NNT (CI)", "NNH (CI)")
GUIDE_CAPTION = "Rows in bold are recommendations that name {drug}."
GUIDE_NONE = "The graph holds no guideline recommendation for {condition} or its subtypes."
GUIDE_NNX = "{estimate}"

# -- mechanism -------------------------------------------------------------------------------------------
MECH_INTRO = (
    "Each path runs from {drug} to {condition} through supporting statements; the evidence type of every hop is "
    "given next to it, and contested hops are marked. Animal and in-vitro evidence is not clinical evidence."
)
MECH_NONE = "The graph holds no mechanism path from {drug} to {condition} of at most four hops."
MECH_PATHS_HEADING = "Paths from {drug} to {condition}"
MECH_TARGETS_HEADING = "Molecular targets of {drug}"
MECH_TARGET_COLUMNS = ("Target", "Action", "Evidence", "Direction", "Contested", "Context")
MECH_TARGETS_NONE = "The graph holds no target statement for {drug}."

# -- efficacy --------------------------------------------------------------------------------------------
EFF_COLUMNS = (
    "Source",
    "Design",
    "Drug",
    "Population or subtype",
    "Route and regimen",
    "Comparator",
    "Outcome",
    "Timepoint",
    "Effect (CI; p)",
    "Studies / participants",
    "Certainty",
    "Direction",
)
EFF_INTRO = (
    "Efficacy findings for {drug} in {condition} and its subtypes, exactly as the graph records them. "
    "Values on different scales are not comparable and are never pooled here."
)
EFF_BROADER_HEADING = "Findings in broader populations that include {condition}"
EFF_PAIR_HEADING = "Findings in {condition} and its subtypes"
EFF_NONE = "The graph holds no efficacy finding for {drug} in {condition} or its subtypes."

# -- forest ----------------------------------------------------------------------------------------------
FOREST_CAPTION = (
    "Forest plot of the findings that have an estimate on a difference or ratio scale. Each panel holds one "
    "outcome kind, effect type and scale, so values on different scales never share an axis; the dashed line "
    "marks no effect, and ratio panels use a log axis. Squares are estimates, lines their CIs; colour shows the "
    "direction the source reports (blue benefit, grey no difference, red harm)."
)
FOREST_ALT = "Forest plot of the findings, one panel per effect type and scale"
FOREST_NONE = "No finding for this pair has an estimate on a difference or ratio scale, so there is nothing to plot."
FOREST_GROUP = "{kind}: {effect_type}{scale}"
FOREST_GROUP_SCALE = ", scale {scale}"
FOREST_GROUP_NO_SCALE = ", scale not recorded (plotted alone)"
FOREST_KIND = {"efficacy": "Efficacy", "harm": "Harm"}
FOREST_LABEL = "{source} · {outcome}{timepoint}{population}"
FOREST_LABEL_TIME = " · {timepoint}"
FOREST_LABEL_POP = " · {population}"

# -- durability ------------------------------------------------------------------------------------------
DUR_INTRO = "Findings with a fixed timepoint, in order of time within each source and effect type."
DUR_COLUMNS = ("Source", "Outcome", "Timepoint", "Days", "Effect (CI; p)", "Direction", "Certainty")
DUR_NONE = "No efficacy finding for this pair has a fixed timepoint in days."

# -- harms -----------------------------------------------------------------------------------------------
HARM_COLUMNS = ("Drug", "Effect", "Outcome", "Result", "Population", "Design")
HARM_ACUTE = "Acute use"
HARM_REPEATED = "Repeated use"
HARM_UNSTATED = "Use (acute or repeated) not stated by the source"
HARM_INTRO = (
    "Harm findings with numbers for {drug} and its enantiomers, by whether the source describes acute or repeated "
    "use. The population column says who was studied: harms seen in other populations are listed too."
)
HARM_NONE_FINDINGS = "The graph holds no harm finding for {drug} or its enantiomers."
HARM_STATEMENTS_HEADING = "Harm statements"
HARM_STATEMENT_COLUMNS = ("Drug", "Effect", "Relation", "Evidence", "Direction", "Contested", "Context")

# -- interactions ----------------------------------------------------------------------------------------
IX_INTRO = "Drugs that change the exposure to or effect of {drug} or its enantiomers, as the sources word it."
IX_COLUMNS = ("Other drug", "Enzyme", "Drug affected", "Effect as sourced", "Linked findings")
IX_NONE = "The graph holds no interaction record for {drug} or its enantiomers."
IX_FINDING = "{measure}: {value}"

# -- cautions --------------------------------------------------------------------------------------------
CAUTION_COLUMNS = ("Type", "As sourced", "Applies to", "Condition")
CAUTION_NONE = "The graph holds no sourced contraindication, warning or monitoring requirement for {drug}."
CAUTION_INTRO = "Contraindications, warnings, monitoring requirements and restrictions, in the words of the source."

# -- regimens --------------------------------------------------------------------------------------------
REGIMEN_COLUMNS = ("Drug", "Population", "Route", "Dose", "Schedule", "Duration", "Results linked")
REGIMEN_INTRO = "Doses and routes as studied in {condition} and its subtypes, with the results linked to each."
REGIMEN_NONE = "The graph holds no regimen of {drug} studied in {condition} or its subtypes."
REGIMEN_RESULT = "{measure}: {effect}"

# -- contested -------------------------------------------------------------------------------------------
CONTESTED_NULL_HEADING = "Null and negative findings"
CONTESTED_NULL_NONE = "The graph records no null or negative efficacy finding for {drug} in {condition}."
CONTESTED_STATEMENTS_HEADING = "Contested statements, with the evidence on each side"
CONTESTED_INTRO = (
    "Statements flagged as contested, refuted or null, each listed with every statement on the same claim, so the "
    "evidence on each side sits together."
)
CONTESTED_ON_CONDITION = "On {condition} and related pain conditions"
CONTESTED_ON_MECHANISM = "On targets, mechanisms and pharmacology"
CONTESTED_ON_OTHER = "On other conditions"
CONTESTED_COLUMNS = ("Claim", "This statement", "Evidence", "Contested", "Context")
CONTESTED_NONE = "The graph flags no statement about {drug} or its mechanism paths as contested, refuted or null."

# -- gaps ------------------------------------------------------------------------------------------------
GAPS_INTRO = "What the graph does not know about {drug} in {condition}, computed from the queries that came back empty."
GAP_NO_FINDINGS = "No efficacy finding for {drug} in {condition} or its subtypes."
GAP_NO_CI = "No efficacy finding for this pair has an estimate with a CI."
GAP_NO_CERTAINTY = "No efficacy finding for this pair carries a GRADE certainty rating."
GAP_NO_POOLED = "No pooled (meta-analysis or systematic review) or randomised efficacy evidence for this pair."
GAP_NO_TIMEPOINT = "No efficacy finding for this pair has a fixed timepoint, so the duration of effect is unknown."
GAP_LATEST = "No efficacy finding follows patients beyond {timepoint} ({source})."
GAP_NO_REGIMEN = "No regimen (route, dose, schedule) studied in {condition} is recorded for {drug}."
GAP_NO_REGULATORY = "No regulatory record for {drug} or its enantiomers."
GAP_NO_APPROVAL = "No approval of {drug} or its enantiomers for {condition} or its subtypes."
GAP_NO_PATH = "No mechanism path from {drug} to {condition}."
GAP_PRECLINICAL_HOPS = "Mechanism links that rest only on animal or in-vitro evidence: {hops}."
GAP_NO_HUMAN_PATH = "No mechanism path from {drug} to {condition} has human evidence on every hop."
GAP_NO_HARM_FINDINGS = "No harm finding with numbers for {drug} in {condition}."
GAP_NO_EXPOSURE = "No harm finding for {drug} says whether the harm arose with acute or repeated use."
GAP_NO_INTERACTIONS = "No interaction record for {drug}."
GAP_NO_CAUTIONS = "No sourced contraindication or monitoring requirement for {drug}."
GAP_NO_GUIDELINE = "No guideline recommendation naming {drug} for {condition}."
GAP_PARTIAL = "Cited sources that are only partly verified (seen in part or through secondary summaries):{cites}."
GAP_NO_IDS = "Cited sources with no PMID or DOI in the graph:{cites}."
GAP_UNVERIFIABLE = "Seed-document claims the graph could not verify: {claims}."

# -- seed audit ------------------------------------------------------------------------------------------
SEED_INTRO = (
    "Each concrete claim of the two seed documents about {drug} for {condition}, with its status in the graph "
    "and the note explaining the verdict. Claims are quoted as written in the seed documents."
)
SEED_COLUMNS = ("Seed document", "Claim (quoted)", "Status", "Note")
SEED_NONE = "The graph holds no seed-document claims."

# -- disclaimer & references -----------------------------------------------------------------------------
DISCLAIMER = (
    "This report summarises published research as recorded in the painkg knowledge graph. It is not medical "
    "advice. Never start, stop or change a treatment because of it; decide with a qualified clinician who knows "
    "the patient. The graph holds only what its curators recorded from the cited sources: absence of evidence "
    "here is not evidence of absence, and sources marked as partly verified were seen only in part."
)
REF_PARTLY_VERIFIED = "partly verified"
REF_NO_IDS = "no PMID or DOI in the graph"
REF_PMID = "PMID"
REF_DOI = "DOI"
REF_URL = "official page"

# -- CSS (style only; the one place digits are allowed) ---------------------------------------------------
CSS = """
:root { --ink: #1d1d1f; --muted: #5a5a5f; --rule: #d6d6da; --accent: #1f5f99; --bg-alt: #f5f6f8; --warn: #8a4b00; }
* { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0 auto; max-width: 92rem; padding: 1.5rem 2rem 4rem; color: var(--ink); background: #fff;
       font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "DejaVu Sans", sans-serif;
       line-height: 1.5; }
h1 { font-size: 1.8rem; margin: 0 0 .4rem; line-height: 1.25; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; padding-top: .4rem; border-top: 2px solid var(--rule); }
h3 { font-size: 1.08rem; margin: 1.4rem 0 .4rem; }
p.subtitle { color: var(--muted); margin: 0 0 1rem; }
nav.toc { background: var(--bg-alt); border: 1px solid var(--rule); border-radius: 6px; padding: .6rem 1.2rem; margin: 1rem 0 1.5rem; }
nav.toc h2 { border: 0; margin: .2rem 0 .3rem; padding: 0; font-size: 1.05rem; }
nav.toc ol { margin: 0; padding-left: 1.4rem; columns: 2; column-gap: 2rem; }
a { color: var(--accent); }
a.cite { text-decoration: none; font-size: .85em; vertical-align: super; line-height: 0; }
.table-wrap { overflow-x: auto; margin: .5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .8rem; }
p, ul.facts, figcaption, caption { max-width: 72rem; }
caption { caption-side: top; text-align: left; color: var(--muted); padding: .2rem 0 .4rem; }
th, td { border: 1px solid var(--rule); padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: var(--bg-alt); font-weight: 600; }
tr.highlight td { font-weight: 600; background: #eef4fb; }
ul.facts li, ol.refs li { margin: .25rem 0; }
ol.refs { list-style: none; padding-left: 0; font-size: .9rem; }
.refnum { font-weight: 600; }
.partial { color: var(--warn); font-weight: 600; }
figure.forest { margin: 1rem 0; }
figure.forest svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .9rem; }
section.disclaimer { background: #fff8e6; border: 1px solid #f0d9a6; border-radius: 6px; padding: .2rem 1rem .6rem; }
@media print {
  html { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  nav.toc { break-after: page; background: none; }
  nav.toc ol { columns: 1; }
  h2, h3 { break-after: avoid; }
  table, figure { break-inside: auto; }
  table { font-size: 7.5pt; }
  th, td { padding: .15rem .25rem; }
  tr, figure svg { break-inside: avoid; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  a { color: inherit; text-decoration: none; }
  ol.refs a::after { content: " <" attr(href) ">"; font-size: .85em; color: var(--muted); word-break: break-all; }
  @page { margin: 16mm 14mm; }
}
"""
