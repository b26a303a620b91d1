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
SCOPE = "Covers {drug}{components} in {condition}{subtypes}, and evidence in broader populations that include it{broader}."
SCOPE_COMPONENTS = " and the substances it is made of ({components}; their records are labelled as theirs)"
SCOPE_SUBTYPES = " and its subtypes ({subtypes})"
SCOPE_BROADER = " ({broader}), labelled as such"

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
    "ontology": "ontology",
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
#: evidence levels, strongest first: the order of the summary and of every findings table
LEVEL_OF_DESIGN = {
    "meta_analysis": "synthesis",
    "systematic_review": "synthesis",
    "guideline": "guideline",
    "rct": "trial",
    "drug_label": "label",
    "observational": "observational",
    "case_series": "observational",
    "review": "review",
    "primary_experimental": "experimental",
    "database": "other",
    "regulatory_action": "other",
}
LEVELS = {
    "synthesis": "Syntheses (meta-analyses, systematic reviews)",
    "guideline": "Guidelines",
    "trial": "Randomised controlled trials",
    "label": "Drug labels (controlled trials as the label reports them)",
    "observational": "Observational studies and case series",
    "review": "Narrative reviews",
    "experimental": "Experimental studies (human or preclinical)",
    "other": "Other records",
}
SCOPES = {"exact": "{condition} itself", "subtype": "subtypes of {condition}", "broader": "broader populations"}
FINDING_DIRECTION = {
    "benefit": "benefit",
    "harm": "harm",
    "no_difference": "no difference",
    "mixed": "mixed (evidence both ways)",
    "insufficient": "insufficient to conclude",
    "increase": "increase",
    "decrease": "decrease",
    "no_change": "no change",
}
#: the columns of the balance of findings, in order (efficacy directions)
BALANCE_DIRECTIONS = ("benefit", "no_difference", "mixed", "insufficient", "")
BALANCE_HEAD = {
    "benefit": "Benefit",
    "no_difference": "No difference",
    "mixed": "Mixed",
    "insufficient": "Insufficient",
    "": "Not stated",
}
STATEMENT_DIRECTION = {
    "supports": "supports",
    "refutes": "refutes",
    "no_effect": "no effect",
    "mixed": "mixed (evidence both ways)",
    "insufficient": "insufficient to conclude",
}
CERTAINTY = {"high": "high", "moderate": "moderate", "low": "low", "very_low": "very low"}
STATUS = {
    "supported": "supported",
    "partly_supported": "partly supported",
    "contradicted": "contradicted",
    "unverifiable": "unverifiable",
}
CAUTION_TYPE = {
    "contraindication": "contraindication",
    "warning": "warning",
    "monitoring": "monitoring",
    "restriction": "restriction",
}
ACTION = {
    "approval": "approval",
    "supplemental_approval": "supplemental approval",
    "positive_opinion": "positive opinion",
    "scheduling": "scheduling",
}
#: association predicates are worded as association, never as cause
ASSOCIATION_PREDICATES = frozenset({"associated_with", "correlated_with", "biomarker_of"})

# -- small pieces ----------------------------------------------------------------------------------------
AUTHOR_YEAR = "{author} {year}"
NO_TITLE = "(title not recorded)"
EFFECT = "{effect_type} {estimate}"
EFFECT_CI = " (CI {low} to {high})"
EFFECT_NO_CI = " (no CI recorded)"
EFFECT_SCALE = ", scale {scale}"
EFFECT_UNIT = " {unit}"
EFFECT_RESULT_AFTER = "; {result}"
INCIDENCE = "{drug_value}{unit} vs {comparator_value}{unit} ({comparator})"
INCIDENCE_ALONE = "{drug_value}{unit} (no comparator rate recorded)"
P_VALUE = "; p {p}"
P_VALUE_EQ = "; p = {p}"
N_STUDIES = "{n} studies"
N_PARTICIPANTS = "{n} participants"
N_SEP = " / "
DOSE = "{dose} {unit}"
FORM = "{form}: "
GRADE = "GRADE {certainty}"
QUALITY = "{rating} (the source's own rating, not GRADE)"
CAVEAT = "Caveat: {caveat}"
READ_IN = "value read in {source}{cite}"
POOLED_IN = "pooled in {reviews}"
POOLED_ITEM = "{review}{cite}"
DUPLICATE = "possibly the same study or patients as {others}"
COMPONENT = "{form} (a component of {drug})"
SCOPE_CELL_EXACT = "{condition}"
SCOPE_CELL_SUBTYPE = "{condition} (subtype)"
SCOPE_CELL_BROADER = "{condition} (broader population)"
SPECIES = " [{species}]"
HOP = "{subject} –{predicate}→ {object} ({evidence}{qualifiers}{cite}{disputed})"
HOP_CONTESTED = ", contested"
HOP_ASSOCIATION_ONLY = ", association only"
HOP_DISPUTED = "; disputed by{cite}"
HOP_SPECIES = ", {species}"
HOP_MODEL = ", {model}"
HOP_DIRECTION = ", {direction}"
HOP_SEP = "; "
PATH = "Path (no stronger than its weakest hop: {weakest}{association}): {hops}"
PATH_ASSOCIATION = "; rests on an association, not a shown cause"
CLAIM = "{subject} {predicate} {object}"
LIST_SEP = ", "
LIST_LAST = " and "
FINDING_REF = "{outcome} ({timepoint}){cite}"
FINDING_REF_NO_TIME = "{outcome}{cite}"
DASH = "—"
YES = "yes"
NO = "no"
NOT_STATED = "not stated"
ARMS = "{a} vs {b}"
VERSUS = "vs {c}"
WITH = "with {co}"
TRIAL_MARK = "↳ "

# -- summary ---------------------------------------------------------------------------------------------
SUMMARY_BALANCE_INTRO = (
    "Balance of the efficacy findings on {drug} in {condition}, by scope, evidence level and the direction each "
    "source reports (counts of findings, not of studies or patients):"
)
BALANCE_COLUMNS = ("Scope", "Evidence level", "Benefit", "No difference", "Mixed", "Insufficient", "Not stated")
SUMMARY_NO_EFFICACY = (
    "The graph holds no efficacy finding on {drug} in {condition}, its subtypes or a broader population that "
    "includes it."
)
SUMMARY_STRONGEST_INTRO = (
    "Strongest evidence first: syntheses (newest first), then guidelines, then single trials; every finding of "
    "each source listed here is shown whatever its direction, with its caveat."
)
SUMMARY_FINDING = "{source} ({design}{scope}{totals}): {outcome}, {effect}{timepoint}; {direction}{rating}{read_in}{caveat}."
SUMMARY_SCOPE = "; {scope}"
SUMMARY_TOTALS = "; review of {totals}"
SUMMARY_TOTALS_STUDY = "; {totals}"
NO_RESULT = "no result recorded"
SUMMARY_READ_IN = "; {read_in}"
SUMMARY_TIME = ", {timepoint}"
SUMMARY_RATING = "; {rating}"
SUMMARY_CAVEAT = ". Caveat: {caveat}"
SUMMARY_REST = "{level}: {count} further efficacy findings ({directions}), listed under Efficacy findings."
SUMMARY_REST_ONE = "{level}: {count} further efficacy finding ({directions}), listed under Efficacy findings."
SUMMARY_REST_DIRECTION = "{count} {direction}"
SUMMARY_GRADE_RANGE = (
    "How sure: the GRADE certainty recorded for {condition} and broader populations that include it ranges from "
    "{lowest} to {highest}: {items}."
)
SUMMARY_GRADE_ONE = "How sure: every GRADE certainty recorded for {condition} and broader populations is {level}: {items}."
SUMMARY_GRADE_ITEM = "{level} for {outcome}{harm} ({source}{scope}){cite}"
SUMMARY_GRADE_HARM = " (a harm)"
SUMMARY_GRADE_NONE = (
    "How sure: no finding on {drug} in {condition} or a broader population carries a GRADE certainty rating in "
    "the graph."
)
SUMMARY_QUALITY = "Other quality ratings, the sources' own and not GRADE: {items}."
SUMMARY_QUALITY_ITEM = "{rating} for {outcome} ({source}){cite}"
SUMMARY_HOW_LONG = (
    "How long: the latest timepoint at which a finding in {condition} or its subtypes reports benefit is "
    "{timepoint} ({outcome}, {source}){cite}{null}."
)
SUMMARY_HOW_LONG_NULL = "; the latest with no difference is {timepoint} ({outcome}, {source}){cite}"
SUMMARY_HOW_LONG_BROADER = (
    "In broader populations, the latest timepoint with benefit is {timepoint} ({outcome}, {source}){cite}{null}."
)
SUMMARY_HOW_LONG_NONE = (
    "How long: no efficacy finding in {condition} or its subtypes reports benefit at a fixed timepoint, so the "
    "duration of any benefit cannot be stated from the graph."
)
SUMMARY_HARMS = "Harms with numbers in {condition}, its subtypes and broader populations: {items}."
SUMMARY_HARM_ITEM = "{effect} {result} ({source}{scope}){cite}"
SUMMARY_HARMS_MORE = "{n} more in the Harms section"
SUMMARY_HARMS_NONE = (
    "The graph records no harm finding with numbers in {condition} or a population that includes it; see Harms "
    "for other populations."
)
SUMMARY_GUIDELINE = "Guidelines: {items}."
SUMMARY_GUIDELINE_ITEM = "{source} places {drug} at line of therapy “{line}”{strength} for {population}{cite}"
SUMMARY_GUIDELINE_STRENGTH = ", strength: {strength}"
SUMMARY_GUIDELINE_NONE = "No guideline recommendation in the graph names {drug} for {condition}."
SUMMARY_DUPLICATES = (
    "Possible duplicates: the sources flag {pairs} as possibly reporting the same study or patients, so the counts "
    "above may count one study twice."
)
SUMMARY_DUPLICATE_PAIR = "{a} and {b}{cite}"

# -- regulatory ------------------------------------------------------------------------------------------
REG_COLUMNS = (
    "Substance",
    "Agency",
    "Jurisdiction",
    "Product",
    "Action",
    "Indication, as the act words it",
    "Recorded under",
    "Schedule",
    "Date",
)
REG_CAPTION = "Dates are given at the precision the source gives: a year stays a year, a month stays a month."
REG_APPROVED = "Approved for {condition} or a subtype: {items}."
REG_APPROVED_ITEM = "{substance} ({product}): {action} by {agency}, {date}, for “{scope}” (recorded under {recorded}){cite}"
REG_NOT_APPROVED = (
    "No approval of {drug}{components} for {condition} or any of its subtypes is recorded in the graph; the "
    "approvals it records are: {items}."
)
REG_APPROVAL_ITEM = "{substance}: {action} by {agency}, {date}, for “{scope}” (recorded under {recorded}){cite}"
REG_NOT_APPROVED_NO_APPROVALS = (
    "No approval of {drug}{components} for {condition} or any of its subtypes is recorded in the graph, and it "
    "records no approval of them for any indication."
)
REG_COMPONENTS = " or the substances it is made of ({components})"
REG_NONE = (
    "The graph holds no regulatory record for {drug}{components}, so its approval status for {condition} cannot "
    "be stated from the graph."
)
REG_SCHEDULE = "Schedule {schedule}"

# -- guidelines ------------------------------------------------------------------------------------------
GUIDE_COLUMNS = (
    "Drug or class",
    "Class",
    "Population",
    "Line of therapy",
    "Strength",
    "NNT (CI)",
    "NNH (CI)",
)
GUIDE_CAPTION = (
    "Rows in bold are recommendations that name {drug}. A recommendation linked to several NNT or NNH estimates "
    "has one row per estimate, each with its own sources."
)
GUIDE_NONE = "The graph holds no guideline recommendation for {condition}, its subtypes or a broader population."
GUIDE_NNX = "{estimate}"
GUIDE_MORE = "(same recommendation)"

# -- mechanism -------------------------------------------------------------------------------------------
MECH_INTRO = (
    "Each path runs from {drug} to {condition} through statements that support each step. Every hop carries its "
    "own evidence type, species and model; a path is never stronger than its weakest hop, and a hop that shows "
    "association is not a cause. Animal and in-vitro evidence is not clinical evidence."
)
MECH_NONE = "The graph holds no mechanism path from {drug} to {condition} of at most four hops."
MECH_PATHS_HEADING = "Paths from {drug} to {condition}"
MECH_TARGETS_HEADING = "Molecular targets of {drug}"
MECH_TARGET_COLUMNS = ("Target", "Action", "Evidence", "Species or model", "Direction", "Contested", "Context")
MECH_TARGETS_NONE = "The graph holds no target statement for {drug}."

# -- efficacy --------------------------------------------------------------------------------------------
EFF_COLUMNS = (
    "Source",
    "Design",
    "Drug",
    "Population",
    "Route and regimen",
    "Comparison",
    "Outcome",
    "Timepoint",
    "Effect (CI; p)",
    "Studies / participants",
    "Certainty or rating",
    "Direction",
    "Caveat",
    "Pooled in; duplicates",
)
EFF_INTRO = (
    "Efficacy findings on {drug} in {condition}, exactly as the graph records them, strongest evidence first "
    "(syntheses newest first; the trials a review pooled follow it). Findings in {condition} itself, in its "
    "subtypes and in broader populations that include it stand in separate tables and are never merged. Values on "
    "different scales are not comparable and are never pooled here."
)
EFF_HEADING = {
    "exact": "In {condition} itself",
    "subtype": "In subtypes of {condition}",
    "broader": "In broader populations that include {condition} (not merged with the tables above)",
}
EFF_NONE = "The graph holds no efficacy finding on {drug} in {condition}, its subtypes or a broader population."
EFF_POOLED_HEADING = "Individual trials under the reviews that pooled them"
EFF_POOLED_INTRO = "Reviews in this report and the trials with findings here that each pooled (the sources say so):"
EFF_POOLED_ITEM = "{review} ({design}) pooled {trials}."
EFF_POOLED_TRIAL = "{trial} ({population}){cite}"

# -- forest ----------------------------------------------------------------------------------------------
FOREST_CAPTION = (
    "Forest plot of the findings that have an estimate on a difference or ratio scale. Each panel holds one "
    "outcome kind, scope, effect type and scale, so values on different scales, and broader-population evidence "
    "and the pair's own, never share an axis; the dashed line marks no effect, and ratio panels use a log axis. "
    "Squares are estimates, lines their CIs; colour shows the direction the source reports (blue benefit, grey no "
    "difference, red harm, amber mixed or insufficient)."
)
FOREST_ALT = "Forest plot of the findings, one panel per outcome kind, scope, effect type and scale"
FOREST_NONE = "No finding for this pair has an estimate on a difference or ratio scale, so there is nothing to plot."
FOREST_GROUP = "{kind}{scope}: {effect_type}{scale}"
FOREST_SCOPE_BROADER = ", broader population"
FOREST_GROUP_SCALE = ", scale {scale}"
FOREST_GROUP_NO_SCALE = ", scale not recorded (plotted alone)"
FOREST_KIND = {"efficacy": "Efficacy", "harm": "Harm"}
FOREST_LABEL = "{source} · {outcome}{timepoint}{population}"
FOREST_LABEL_TIME = " · {timepoint}"
FOREST_LABEL_POP = " · {population}"

# -- durability ------------------------------------------------------------------------------------------
DUR_INTRO = (
    "Findings with a fixed timepoint, in order of time within each source and effect type; the pair's own and "
    "broader populations apart. Compare only rows of one source, effect type and scale."
)
DUR_COLUMNS = ("Source", "Population", "Outcome", "Timepoint", "Days", "Effect (CI; p)", "Direction", "Certainty or rating")
DUR_HEADING = {"pair": "In {condition} and its subtypes", "broader": "In broader populations that include {condition}"}
DUR_NONE = "No efficacy finding for this pair has a fixed timepoint in days."

# -- harms -----------------------------------------------------------------------------------------------
HARM_INTRO = (
    "Harm findings with numbers for {drug}{components}, by the population studied: {condition} and its subtypes, "
    "broader populations that include it, and other populations (harms seen there are listed too, labelled). "
    "Drug-label tables give the drug arm's rate against the comparator's, as the label prints them."
)
HARM_GROUP = {
    "pair": "In {condition} and its subtypes",
    "broader": "In broader populations that include {condition}",
    "other": "In other populations",
}
HARM_COLUMNS = ("Drug", "Effect", "Outcome", "Result", "Exposure", "Population", "Design")
HARM_TABLE_HEADING = "{source}: {table}"
HARM_TABLE_COLUMNS = ("Adverse reaction", "Drug", "Drug arm", "Comparator arm", "Population")
HARM_COMPARATOR = "{value} ({comparator})"
HARM_NONE_FINDINGS = "The graph holds no harm finding for {drug}{components}."
HARM_STATEMENTS_HEADING = "Harm statements"
HARM_STATEMENT_COLUMNS = ("Drug", "Effect", "Relation", "Evidence", "Direction", "Contested", "Context")
EXPOSURE = {"acute": "acute use", "repeated": "repeated use"}

# -- interactions ----------------------------------------------------------------------------------------
IX_INTRO = "Drugs that change the exposure to or effect of {drug}{components}, as the sources word it."
IX_COLUMNS = ("Other drug", "Enzyme", "Drug affected", "Effect as sourced", "Linked findings")
IX_NONE = "The graph holds no interaction record for {drug}{components}."
IX_FINDING = "{measure}: {value}"

# -- cautions --------------------------------------------------------------------------------------------
CAUTION_COLUMNS = ("Type", "As sourced", "Applies to", "Condition")
CAUTION_NONE = "The graph holds no sourced contraindication, warning or monitoring requirement for {drug}{components}."
CAUTION_INTRO = "Contraindications, warnings, monitoring requirements and restrictions, in the words of the source."

# -- regimens --------------------------------------------------------------------------------------------
REGIMEN_COLUMNS = ("Drug", "Population", "Route", "Dose", "Schedule", "Duration", "Results linked")
REGIMEN_INTRO = "Doses and routes as studied in {condition}, its subtypes or the findings above, with the results linked to each."
REGIMEN_NONE = "The graph holds no regimen of {drug} studied in {condition} or its subtypes."
REGIMEN_RESULT = "{measure}: {effect}"

# -- contested -------------------------------------------------------------------------------------------
CONTESTED_NULL_HEADING = "Null, mixed and inconclusive findings (efficacy and harms)"
CONTESTED_NULL_NONE = "The graph records no null, mixed or inconclusive finding for {drug} in {condition}."
CONTESTED_STATEMENTS_HEADING = "Contested statements, with the evidence on each side"
CONTESTED_INTRO = (
    "Statements flagged as contested, refuted, null, mixed or insufficient, each listed with every statement on the "
    "same claim, so the evidence on each side sits together."
)
CONTESTED_ON_CONDITION = "On {condition} and related pain conditions"
CONTESTED_ON_MECHANISM = "On targets, mechanisms and pharmacology"
CONTESTED_ON_OTHER = "On other conditions and effects"
CONTESTED_COLUMNS = ("Claim", "This statement", "Evidence", "Contested", "Context")
CONTESTED_NONE = "The graph flags no statement about {drug} or its mechanism paths as contested, refuted or null."

# -- gaps ------------------------------------------------------------------------------------------------
GAPS_INTRO = "What the graph does not know about {drug} in {condition}, computed from the queries that came back empty."
GAP_NO_FINDINGS = "No efficacy finding on {drug} in {condition} or its subtypes."
GAP_BROADER_ONLY = "Efficacy findings come only from broader populations that include {condition}."
GAP_NO_CI = "No efficacy finding for this pair has an estimate with a CI."
GAP_NO_CERTAINTY = "No efficacy finding for this pair or its broader populations carries a GRADE certainty rating."
GAP_NO_POOLED = "No pooled (meta-analysis or systematic review) or randomised efficacy evidence for this pair."
GAP_NO_TIMEPOINT = "No efficacy finding for this pair has a fixed timepoint, so the duration of effect is unknown."
GAP_LATEST = "No efficacy finding in {condition} or its subtypes follows patients beyond {timepoint} ({source})."
GAP_NO_REGIMEN = "No regimen (route, dose, schedule) studied in {condition} is recorded for {drug}."
GAP_NO_REGULATORY = "No regulatory record for {drug}{components}."
GAP_NO_APPROVAL = "No approval of {drug}{components} for {condition} or its subtypes."
GAP_NO_PATH = "No mechanism path from {drug} to {condition}."
GAP_PRECLINICAL_HOPS = "Mechanism links that rest only on animal or in-vitro evidence: {hops}."
GAP_NO_HUMAN_PATH = "No mechanism path from {drug} to {condition} has human evidence on every hop."
GAP_NO_HARM_FINDINGS = "No harm finding with numbers for {drug} in {condition}."
GAP_NO_EXPOSURE = "No harm finding for {drug} says whether the harm arose with acute or repeated use."
GAP_NO_INTERACTIONS = "No interaction record for {drug}{components}."
GAP_NO_CAUTIONS = "No sourced contraindication or monitoring requirement for {drug}{components}."
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
REF_VERIFIED = "verified"
REF_NO_IDS = "no PMID or DOI in the graph"
REF_PMID = "PMID"
REF_DOI = "DOI"
REF_PMCID = "PMCID"
REF_NCT = "ClinicalTrials.gov"
REF_URL = "official page"
REF_QUOTE = "Supporting quote"
REF_NO_TITLE = NO_TITLE

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
