"""What kind of answer a message asks for: the cue words of each type, read in the sentences
that ask (those ending in "?", or opening a clause with a question word; the first one
otherwise). When several types' cues are there, the more specific wins (a comparison over an
interaction over a dosage ... over a definition). ``QuestionReader`` refines the type with the
message's names (a cause asked of a drug is a side effect).

Usage example::

    question_type("how long does a sprained ankle take to heal")   # ('outlook', ['outlook', ...])
    asking_sentences("My knee hurts. Should I see a doctor?")      # ['Should I see a doctor?']
"""

from __future__ import annotations

import re

from library.sentences import first_clause, sentences

_R = lambda p: re.compile(p, re.IGNORECASE)  # noqa: E731

_DRINKS = r"(?:alcohol|beers?|wine|liquor|drinks?|drinking|milk|dairy|grapefruit|juice|coffee|caffeine)"
# (type, cue), most specific first: the first type whose cue a question sentence holds wins.
CUES: list[tuple[str, re.Pattern]] = [
    ("comparison", _R(r"\bdifferen(?:ce|t)\b|\bvs\.?\b|\bversus\b|\bcompared? (?:to|with)\b|"
                      r"\bwhich (?:is|one is) (?:better|worse|safer|stronger)\b|\bsame (?:thing|as)\b|"
                      r"\bbetter than\b")),
    ("interaction", _R(rf"\binteract\w*|\b(?:with|while (?:on|taking)|on)\b[^.?!]{{0,40}}\b{_DRINKS}\b|"
                       rf"\b{_DRINKS}\b[^.?!]{{0,40}}\b(?:with|while (?:on|taking)|on)\b|"
                       r"\btogether\b|\bat the same time\b|\bmix\w*|\bcombin\w*|"
                       r"\b(?:take|taking|use|using)\b[^.?!]{0,40}\b(?:with|while|and)\b[^.?!]{0,30}"
                       r"\b(?:pills?|medicines?|medications?|drugs?|supplements?|vitamins?|tablets?)\b")),
    ("when_doctor", _R(r"\b(?:see|call|visit|go to|go see|contact|ring|talk to|tell)\b[^.?!]{0,15}\b(?:a |the |my |your )?"
                       r"(?:doctor|dr|gp|provider|physician|er|emergency|911|hospital|urgent care|pediatrician|"
                       r"dermatologist|specialist)\b|\bwhen (?:should|do|to) (?:i|we|you) (?:worry|be worried|"
                       r"be concerned)\b|\bworth (?:seeing|getting)\b|\bshould i be worried\b|"
                       r"\bneed (?:to see )?a doctor\b|\b(?:take|bring)\b[^.?!]{0,20}\bto (?:the |a )?(?:er|doctor|"
                       r"hospital|emergency|urgent care)\b")),
    ("dosage", _R(r"\bhow much\b|\bhow many\b(?! (?:days|weeks|months|years|people|hours)\b)|"
                  r"\bthe (?:most|max\w*)\b[^.?!]{0,40}\b(?:take|give|have|use)\b|\b(?:in )?(?:one|a|each|per) day\b|\bhow long (?:can|should|do) (?:i|you|we) (?:keep )?(?:tak|us)\w*|\bhow often\b|\bdos(?:e|es|age|ing)\b|\bforg[eo]t\b|\bmissed?\b"
                  r"|\bmg\b|\bhow (?:do|should|to) (?:i |you )?(?:take|use)\b|\bwhat time of day\b|\bmax\w*\b|\bamount\b|"
                  r"\b(?:per|a|in a) day\b|\bsplit\b|\bcrush\w*|\bcut (?:it |them |the \w+ )?in half\b|"
                  r"\bdouble up\b|\btwice a day\b")),
    ("side_effect", _R(r"\bside[- ]?effects?\b|\breactions? to\b|\bmake (?:me|you|him|her) (?:feel|gain|lose|"
                       r"tired|sleepy|dizzy|sick)|\bsafe (?:long[- ]term|for a long time)\b")),
    ("inheritance", _R(r"\bgenetic\w*|\bhereditary\b|\binherit\w*|\bruns? in (?:the |my |our )?famil\w*|"
                       r"\bpass(?:ed)? (?:it |this |that )?(?:on|down)\b|\bgenes?\b|\b(?:kids|children|son|"
                       r"daughter|baby|grandchildren) (?:will |could |might )?(?:get|have|inherit) (?:it|this|that|"
                       r"the gene)\b|\bcarriers?\b")),
    ("complication", _R(r"\bcomplications?\b|\blead to\b|\bturn into\b|\bdamage\b|\blong[- ]term (?:effects?|"
                        r"problems?|damage)\b|\bwhat (?:can|could) happen\b|\bwhat happens\b|\bgets? worse\b|\bdangerous\b|"
                        r"\bhurt (?:my|the|her|his) baby\b|\bharm\w*|\baffect (?:my|the|her) (?:baby|pregnancy)\b")),
    ("prevention", _R(r"\bprevent\w*|\bavoid (?:getting|catching|it)\b|\b(?:stop|keep)\b[^.?!]{0,25}\bfrom "
                      r"(?:getting|happening|coming)\b|\breduce (?:my|the|his|her|our) (?:risk|chances?)\b|"
                      r"\bvaccin\w*|\bprotect\w*|\blower (?:my|the) (?:risk|chances?)\b|\bnever (?:get|have)\b"
                      r"[^.?!]{0,20}\bagain\b|\bstop getting\b|\bkeep (?:getting|having)\b|"
                      r"\b(?:need to|should i|have to|do i) (?:stop|quit)\b|\b(?:not|n't|dont|wont) get worse\b|"
                      r"\bshots?\b|\bsunscreen\b|"
                      r"\b(?:need to|should i|have to) avoid (?!eating\b|drinking\b)\w+ing\b")),
    ("diet", _R(r"\beat\w*\b|\bfoods?\b|\bdiet\w*\b|\bmeals?\b|\bempty stomach\b|\bwith food\b|"
                r"\bexc?erc?is\w*|\bworkouts?\b|\bsleep (?:on|with)\b|\blifestyle\b|\bsugar\b|\bsalt\b|\bnuts\b|"
                r"\bfruits?\b|\bvegetables?\b|\b(?:good|bad|ok|okay) for\b|\bcoffee\b|\bdrink (?:more|less|water)\b")),
    ("outlook", _R(r"\bhow long\b|\bgo(?:es)? away\b|\bget(?:ting)? better\b|\bback to normal\b|\bcome back\b|"
                   r"\bcoming back\b|\brecur\w*|\bcurable\b|\boutlook\b|\bprognosis\b|"
                   r"\blife expectancy\b|\bsurviv\w*|\bpermanent\w*|\bforever\b|\blasts?\b|\bfatal\b|\bbe cured\b|"
                   r"\b(?:die|dying)\b|\bheal\w*|\bgrow out of\b|\boutgrow\b|\brecover\w*|\bkeep coming\b|"
                   r"\bnormal life\b|\blive (?:normally|with)\b|\bhappen again\b|\bagain\b")),
    ("risk", _R(r"\bcontagious\b|\bspread\w*|\bcatch\w*|\bcaught\b|\brisks?\b|\bchances?\b|\bwho gets\b|"
                r"\b(?:more|most|less) likely\b|\bprone\b|\bgive (?:it|this) to\b|\bcommon in\b|\bat my age\b|"
                r"\btransmit\w*|\binfectious\b|\b(?:get|got|gotten|catch|caught|pick(?:ed)? up) (?:it|them|this|that|\w+) "
                r"from\b|\bgive\b[^.?!]{0,20}\bto (?:my|the|our|his|her|other|others|someone)\b|\bjump\w* from\b|"
                r"\bcan (?:men|women|kids|children|adults|babies|teens|dogs|cats|people|you|i|we) (?:get|have|catch)\b|"
                r"\bsafe to be around\b|\bgoing to get\b|\bwill (?:i|he|she|they|we) get\b")),
    ("diagnosis", _R(r"\bdiagnos\w*|\btests?\b|\btested\b|\btesting\b|\bscans?\b|\bx-?rays?\b|\bmri\b|"
                     r"\bblood work\b|\bbiopsy\b|\bscreen\w*|\bhow (?:do|does|can|will|would) (?:they|doctors?|"
                     r"the doctor) (?:know|tell|find out|check|confirm)\b|\bcheck(?:ed)? for\b|"
                     r"\bresults?\b|\b(?:numbers?|levels?|readings?|counts?) mean\b")),
    ("symptom", _R(r"\bsymp?toms?\b|\bsigns?\b|\bfeel like\b|\blook like\b|\b(?:tell|know) if\b|\bnotice\b|"
                   r"\bwarning\b|\bnormal to\b|\bis it normal\b|\bfeels? like\b|\b(?:could|can|might) (?:that|this|it|these) be\b")),
    ("cause", _R(r"\bcaus\w*|\bwhy\b|\breasons?\b|\bwhat makes\b|\btrigger\w*|\bbecause of\b|\bdue to\b|"
                 r"\bfrom (?:my|the|our|a|eating|drinking)\b|\bhow did (?:i|he|she|we|they) get\b|\bcome from\b|"
                 r"\bgives? (?:you|me|him|her|people|kids)\b|\bmakes? (?:me|you|your|my|him|her|them)\b")),
    ("treatment", _R(r"\btreat\w*|\bcure\b|\bget rid\b|\btherap\w*|\bsurgery\b|\boperation\b|\bmedicines?\b|"
                     r"\bmedications?\b|\bantibiotics?\b|\bhelp(?:s)?\b|\brelie\w*|\bwhat (?:can|should) (?:i|we|"
                     r"you) (?:do|take)\b|\bremed\w*|\bwork(?:s)? for\b|\bpills?\b|\bcream\b|\bdrugs? for\b|"
                     r"\bfix\b|\bmanag\w*")),
    ("definition", _R(r"^\W*(?:what|who)(?:'s| is| are| exactly)\b|\bwhat does\b[^.?!]{0,40}\bmean\b|"
                      r"\bmeaning of\b|\bexplain\b|\bwhat kind of\b|\bheard of\b")),
]
_ASKS = _R(r"^\W*(?:what|whats|how|why|when|which|who|where|is|are|can|could|does|do|did|should|will|would|"
           r"may|might|has|have|am|any)\b")
_ASKS_ANYWHERE = _R(r"(?:^|,\s*|\b(?:and|but|so|besides the \w+)\s+)(?:what|whats|how|why|when|which|can|could|"
                    r"should|do|does|is|are|will|would)\b")


def asking_sentences(question: str) -> list[str]:
    """The sentences that ask (ending in "?", or opening a clause with a question word:
    "been on it for 2 yrs, can i just stop?"), in order; all of them when none does."""
    parts = sentences(question) or [question]
    asking = [p for p in parts if p.rstrip().endswith("?") or _ASKS.search(p) or _ASKS_ANYWHERE.search(p)]
    return asking or parts


def _types_in(text: str) -> list[str]:
    return [kind for kind, cue in CUES if cue.search(text)]


def question_type(question: str) -> tuple[str, list[str]]:
    """The type a message asks for, and every type whose cue it holds (best first). The first
    asking sentence holding a cue decides, its first clause before the rest ("what is
    hashimoto's, my doctor mentioned it after my blood work" asks what it is)."""
    found: list[str] = []
    decided = ""
    for part in asking_sentences(question):
        kinds = _types_in(part)
        if kinds and not decided:
            decided = (_types_in(first_clause(part)) or kinds)[0]
        found += [k for k in kinds if k not in found]
    if not found:  # the cue may sit in the background ("...after a glass of wine")
        found = _types_in(question)
        decided = found[0] if found else ""
    if decided:
        found = [decided] + [k for k in found if k != decided]
    return (decided or "definition"), found
