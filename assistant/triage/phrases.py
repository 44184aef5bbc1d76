"""The unmistakable phrases of an emergency, per category, as regular expressions (read by
``assistant.triage.triage`` on one normalised sentence at a time, see ``cues.normalise``).

Each category's ``URGENT`` patterns are phrases that, said of someone now, mean danger now;
``COMBOS`` need a context word anywhere in the message (a baby, a pregnancy, a head injury) and
a danger sign in the same sentence; ``URGENT_ANYWAY`` is urgent even as a question (asking for a
way to die). ``TOPIC`` words only say the message is about an emergency topic. Whether a match
counts (a negation before it, a distant event, a general question) is decided in ``cues``.

Usage example::

    URGENT["stroke"].search("her face is drooping")   # a match: urgent unless cues say otherwise
"""

from __future__ import annotations

import re


def _rx(*alternatives: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{a.replace('{drugs}', DRUGS)})" for a in alternatives))


# Medicines and drugs people take too much of (overdose phrases name them or say "pills").
DRUGS = (r"pills?|tablets?|caps(?:ules)?|meds|medicines?|medications?|doses?|gummies|ibuprofen|advil|motrin|"
         r"tylenol|paracetamol|acetaminophen|panadol|aspirin|naproxen|aleve|benadryl|diphenhydramine|"
         r"antihistamines?|xanax|valium|klonopin|benzos?|ambien|melatonin|sleeping (?:pills?|tablets?)|"
         r"antidepressants?|sertraline|zoloft|prozac|fluoxetine|citalopram|amitriptyline|lithium|"
         r"oxy\w*|percocet|vicodin|hydrocodone|codeine|morphine|tramadol|fentanyl|heroin|opioids?|"
         r"methadone|insulin|digoxin|warfarin|metformin|iron (?:pills?|tablets?)|vitamins?|"
         r"blood pressure (?:pills?|tablets?|meds)|heart (?:pills?|meds)|adderall|ritalin|ecstasy|mdma|"
         r"molly|cocaine|coke|meth|ketamine|edibles?")

# ----- unmistakable phrases, per category -------------------------------------------------------

URGENT: dict[str, re.Pattern] = {
    "heart": _rx(
        r"\bchest\b.{0,30}\b(?:pains?|pressure|tight\w*|heav\w*|hurt\w*|squeez\w*|crush\w*|burning|"
        r"ache|aching|discomfort|is killing)",
        r"\b(?:pain|pressure|tightness|heaviness|squeezing|crushing)\b.{0,25}\bchest\b",
        r"\b(?:having|has|had just|just had|'s having|is having|am having|'m having)\s+(?:a\s+)?heart attack",
        r"\bheart attack\b.{0,20}\b(?:right now|now|happening|i think|help)\b",
        r"\bthink\b.{0,30}\bheart attack\b",
        r"\belephant\b.{0,20}\bchest",
    ),
    "stroke": _rx(
        r"\b(?:face|mouth|smile|lips?|eye(?:lid)?)\b.{0,25}\b(?:droop\w*|crooked|lopsided|sag\w*|uneven|fell|falling|numb)",
        r"\bdroop\w*\b.{0,25}\b(?:face|mouth|smile|side)",
        r"\bslurr?\w*\b.{0,15}\b(?:speech|words|talk\w*|speak\w*)|\b(?:speech|talking|words|voice)\b.{0,30}\bslurr?\w*",
        r"\bslurr(?:ed|ing|y)\b",
        r"\bsudden(?:ly)?\b.{0,40}\b(?:numb\w*|weak\w*|paraly\w*|can't (?:see|speak|talk|walk|move|lift|raise|feel)|"
        r"confus\w*|lost (?:my|his|her) balance|gibberish)",
        r"\b(?:can't|unable to|cannot)\s+(?:lift|raise|move|feel)\b.{0,20}\b(?:arm|leg|hand|side)\b.{0,40}\b(?:speak|talk|speech|face|words)",
        r"\b(?:having|is having|'s having|'m having|am having)\s+(?:a\s+)?stroke\b",
        r"\bthink\b.{0,30}\b(?:a\s+)?stroke\b",
        r"\bone side of (?:my|his|her|the) (?:face|body)\b.{0,30}\b(?:numb|weak|droop|dead|can't)",
        r"\b(?:talking|speaking)\s+(?:nonsense|gibberish)|\bwords (?:are |came out )?(?:all )?(?:jumbled|mixed up|wrong)",
    ),
    "breathing": _rx(
        r"\b(?:can't|unable to|struggling to|hard to|trouble|difficulty|barely|fighting to)\b.{0,15}\bbreath\w*",
        r"\b(?:not|isn't|stopped|stop|no longer|isnt)\s+breath\w*",
        r"\bchok(?:ing|ed|es)\b(?!.{0,15}\bhazard)",
        r"\bgasping\b",
        r"\bsomething\b.{0,20}\bstuck in (?:my|his|her|the) (?:throat|windpipe|airway)",
        r"\b(?:inhaler|nebuli[sz]er|puffer)\b.{0,50}\b(?:not|isn't|doesn't|won't|no|didn't)\b.{0,12}\b(?:work\w*|help\w*)",
        r"\b(?:severe|sudden|very|extreme\w*|really bad)\b.{0,15}\b(?:short(?:ness)? of breath|breathless\w*)",
        r"\b(?:lips|mouth)\b.{0,15}\b(?:blue|bluish|gr[ae]y|purple)\b",
        r"\bturning (?:blue|purple|gr[ae]y)\b",
        r"\b(?:drown\w*|nearly drowned|pulled (?:him|her|them|my \w+) out of the (?:water|pool|lake|sea)|"
        r"(?:fell|was|went) (?:in(?:to)?|under) (?:the )?(?:pool|water|lake|bath|river|sea)\b.{0,40}\b(?:under|not breathing|cough\w*|blue|drowsy))",
        r"\bstridor\b|\b(?:high[- ]pitched|whistling|squeak\w*|crowing) (?:noise|sound|breath\w*)\b.{0,30}\bbreath\w*",
    ),
    "anaphylaxis": _rx(
        r"\banaphyla\w*",
        r"\b(?:throat|tongue|lips?|face|airway)\b.{0,25}\b(?:swell\w*|swollen|closing|tight\w*|puff\w*)",
        r"\b(?:swell\w*|swollen|closing)\b.{0,20}\b(?:throat|tongue|airway)",
        r"\b(?:used|use|gave|give|need|needs)\b.{0,15}\b(?:epi-?pen|epinephrine|adrenaline)",
    ),
    "unresponsive": _rx(
        r"\b(?:unconscious|unresponsive|not responsive|no response)\b",
        r"\b(?:collapsed|collapse|passed out|blacked out|keeled over|dropped to the floor|fell to the floor)\b",
        r"\b(?:won't|can't|doesn't|not|isn't|will not|cannot)\s+(?:wake|waking|be woken|woken|come to|stay awake)\b",
        r"\bhard to wake\b",
        r"\b(?:isn't|is not|not|stopped)\s+(?:responding|reacting)\b(?! to (?:my )?(?:emails?|texts?|messages?|calls?))",
        r"\b(?:doesn't|won't|can't|does not)\s+(?:answer me|respond|react)\b(?: to (?:me|us|anything|touch|pain|(?:his|her) name)| at all)?(?! to (?:my )?(?:emails?|texts?|messages?|calls?))",
        r"\bno (?:pulse|heartbeat|heart beat)\b|\b(?:can't|cannot) (?:find|feel) (?:a|his|her|any) (?:pulse|heartbeat)",
        r"\bfound (?:him|her|them|my \w+)\b.{0,30}\b(?:on the floor|not moving|not breathing|unconscious)",
    ),
    "bleeding": _rx(
        r"\b(?:bleed\w*|blood)\b.{0,30}\b(?:won't|will not|doesn't|does not|can't|isn't|not)\s+stop",
        r"\b(?:can't|cannot)\s+(?:get|make)?\s*(?:stop (?:the |it |this )?(?:bleeding|blood)|(?:the |it )?(?:bleeding|blood) (?:to )?stop|it bleeding)",
        r"\b(?:severe|heav(?:y|ily)|a lot of|lots of|so much|uncontrolled|profuse\w*|gush\w*|pour\w*|spurt\w*|soak\w*|massive)\b.{0,20}\b(?:bleed\w*|blood)\b",
        r"\b(?:bleed\w*|blood)\b.{0,20}\b(?:heavily|profusely|everywhere|badly|a lot|gushing|spurting|pouring|through)",
        r"\b(?:vomit\w*|throw\w* up|threw up|puk\w*|cough\w*(?: up)?|spit\w*(?: up)?)\b.{0,20}\b(?:blood|coffee grounds?)\b",
        r"\b(?:deep|big|large|gaping)\s+(?:cut|wound|gash|laceration)",
        r"\b(?:still|keeps?|won't stop)\s+(?:pouring|gushing|bleeding|spurting|dripping)\b",
        r"\bbleed\w*\b.{0,40}\b(?:nonstop|non-stop|soak\w*|for (?:\d+|over an?|more than an?) (?:minutes?|mins|hours?)|through (?:the |a )?(?:towel|bandage|cloth))",
        r"\b(?:stabbed|(?:got|been|was|is|get|getting) shot|amputat\w*|cut off (?:my|his|her) (?:finger|toe|hand))\b",
    ),
    "poisoning": _rx(
        r"\b(?:overdosed|overdosing|od'd|od'ed)\b|\bod(?:'d|ed)?\s+on\b|\b(?:took|taken|had|taking)\s+(?:an?\s+)?overdose\b",
        r"\b(?:i|i've|i'm|he|he's|she|she's|they|they've|my \w+|his \w+|her \w+)\b.{0,30}\boverdos\w*",
        r"\b(?:took|taken|swallowed|ate|eaten|drank|drunk|chugged|popped|downed|had)\b.{0,30}"
        r"\b(?:bottle|whole (?:bottle|pack|box|strip)|entire (?:bottle|pack|box)|all (?:of )?(?:my|his|her|the) (?:pills|tablets|meds|medication)|"
        r"too many|handful|a (?:lot|bunch) of (?:pills|tablets)|too much (?:of (?:my|his|her|the) )?(?:medicine|meds|medication|insulin|tylenol|"
        r"paracetamol|acetaminophen|ibuprofen|pills|tablets)|\d{2,}\s+(?:\w+\s+)?(?:pills?|tablets?|caps\w*))",
        r"\b(?:took|swallowed|downed|popped|ate|taken|had)\b.{0,15}\b(?:\d{2,}|a dozen|dozens|twenty|thirty|forty|fifty)\b"
        r"(?! ?(?:minutes?|mins?|hours?|hrs?|years?|yrs?|days?|weeks?|months?|mg|mcg|ml|g|kg|lbs?|pounds|units|%|am|pm|seconds?))",
        r"\b(?:swallowed|swallow|drank|drunk|ate|eaten|ingested|licked|chewed|got into|got hold of|sprayed|inhaled|drinking|"
        r"eating|sucked on|sucking on|bit into|put \w+ in (?:his|her|their|my) mouth)\b.{0,30}"
        r"\b(?:bleach|poison|chemical\w*|\w*cleaner|cleaning \w+|detergent|dishwasher|laundry|ammonia|pods?|batter(?:y|ies)|antifreeze|lye|drain|"
        r"pesticide|insecticide|rat|weed ?killer|mushrooms?|berries|lighter fluid|gasoline|petrol|"
        r"kerosene|lamp oil|nail polish|paint thinner|magnets?|nicotine|e-?liquid|vape juice|"
        r"sleeping pills?|painkillers?|pills|grandm\w* pills|medicine|meds|tablets)",
        r"\b(?:took|taken|swallowed|ate|had|popped|downed|gave (?:him|her|them))\b.{0,25}\b(?:\d{2,}|dozens?|way too (?:much|many)|"
        r"too (?:much|many)|a lot of|lots of)\b.{0,25}\b(?:" + r"{drugs}" + r"|something|stuff)\b",
        r"\b(?:\d{2,}|dozens of|way too many|too many)\s+(?:of\s+(?:my|his|her|the)\s+)?(?:" + r"{drugs}" + r")\b",
        r"\b(?:took|swallowed|ate|had|popped|downed)\s+(?:[5-9]|five|six|seven|eight|nine|ten)\s+(?:of\s+(?:my|his|her|the)\s+)?(?:" + r"{drugs}" + r")\b",

        r"\bcarbon monoxide\b|\b(?:co|gas|carbon monoxide) (?:alarm|detector)\b",
        r"\b(?:been|was|got|is|being|think\b.{0,20})\s*poisoned\b",
        r"\bpoison control\b",
    ),
    "suicide": _rx(
        r"\bsuicid\w*",
        r"\bkill(?:ing)?\s+(?:my ?self|himself|herself|themselves|themself)\b",
        r"\b(?:end|ending|take|taking)\s+(?:my|his|her|their) (?:own )?li(?:fe|ves)\b",
        r"\bend (?:it all|it now|everything|my life)\b|\bending it all\b",
        r"\b(?:want|wanting|wanted|wish|wishing|going|ready|plan\w*)\s+(?:to\s+)?(?:die|be dead|not be alive|not wake up|not exist|disappear forever)\b",
        r"\bself[- ]?harm\w*|\b(?:cutting|hurting|burning|harming)\s+(?:my ?self|himself|herself|themselves)\b",
        r"\b(?:cut|hurt|harm|burn)\s+(?:my ?self|himself|herself|themselves)\b.{0,20}\b(?:on purpose|deliberately|again|to feel|because)",
        r"\bno (?:reason|point)\b.{0,15}\b(?:live|living|go on|going on|be here|being here|keep going|carry on|continue|try\w* anymore)",
        r"\b(?:slit|slitting|cut|cutting|slash\w*) (?:my|his|her|their) wrists?\b",
        r"\bfound (?:him|her|them|my \w+)\b.{0,20}\bhanging\b",
        r"\b(?:gun|rifle|pistol|weapon|pills saved|stockpil\w*)\b.{0,60}\b(?:done|end (?:it|this)|kill|die|can't go on|goodbye)\b",
        r"\b(?:standing|sitting) on (?:the|a) (?:bridge|ledge|roof|edge)\b",
        r"\bnoose\b|\b(?:bought|got|have|tied|found)\b.{0,12}\ba rope\b",
        r"\bbetter off (?:without me|dead|if i (?:was|were) gone)",
        r"\b(?:don't|do not|doesn't|no longer)\s+want to (?:live|be alive|wake up|be here|exist|go on)",
        r"\b(?:can't|cannot) (?:go on|do this anymore|take it anymore|keep going)\b",
        r"\bnot worth (?:living|it anymore)|\b(?:suicide|goodbye) (?:note|letter)",
        r"\b(?:thinking (?:about|of)|thoughts of|want to|going to|plan(?:ning)? to|urge to)\b.{0,20}\b(?:jump\w* (?:off|from|in front)|"
        r"hang\w* (?:my|him|her)self|overdos\w*|not waking up|dying|disappear\w* for good|end(?:ing)? (?:it|my life))",
    ),
    "seizure": _rx(
        r"\b(?:seiz\w*|convuls\w*|a fit|fitting)\b.{0,40}\b(?:\d+|five|ten|several|fifteen|twenty)\s*(?:minutes|mins?)",
        r"\b(?:won't|will not|doesn't|isn't|not)\s+stop\w*\b.{0,20}\b(?:seiz\w*|shaking|convuls\w*|jerking)",
        r"\b(?:seiz\w*|convuls\w*|shaking|jerking)\b.{0,25}\b(?:won't|will not|doesn't|isn't|not|hasn't)\s+stop",
        r"\b(?:first|another|again|back to back|one after another|keeps? having|more than one|second|third)\b.{0,25}\bseiz\w*",
        r"\b(?:is|'s|are|am|'m)\s+(?:having|in the middle of)\s+(?:a\s+)?(?:seizure|fit|convulsion)",
        r"\b(?:seizing|convulsing|shaking uncontrollably|jerking uncontrollably)\b",
        r"\b(?:jerking|twitching|shaking|convuls\w*|went (?:stiff|rigid))\b.{0,40}\b(?:floor|foam\w*|eyes (?:rolled|rolling)|rolled back|all over|twitch\w*|jerk\w*)",
        r"\bfoam\w* at the mouth\b",
        r"\b(?:had|having)\s+(?:two|three|four|five|several|\d+)\s+(?:seizures|fits|of them|in a row)\b",
        r"\b(?:hasn't|has not|not|didn't|doesn't)\s+(?:come round|come to|woken up)\b.{0,30}\b(?:seiz\w*|fits?|between)",
        r"\bhad\s+(?:a\s+)?(?:seizure|fit|convulsion)\b.{0,40}\b(?:just|now|still|and (?:is|isn't|won't|not))",
        r"\b(?:just|has just|just now)\s+had\s+(?:a\s+)?(?:seizure|fit|convulsion)",
    ),
    "headache": _rx(
        r"\bworst headache\b|\bthunderclap\b",
        r"\bheadache\b.{0,40}\b(?:explod\w*|like (?:a|being) (?:hit|struck|bomb)|10/10|out of nowhere|came on suddenly|suddenly)",
        r"\b(?:sudden|suddenly|out of nowhere)\b.{0,30}\b(?:severe|terrible|excruciating|splitting|horrible|worst|awful|blinding)\b.{0,15}\b(?:headache|head pain|pain in (?:my|his|her) head)",
    ),
    "burns": _rx(
        r"\belectrocut\w*|\belectric(?:al)? shock\b|\bstruck by lightning\b",
        r"\b(?:caught|on) fire\b",
        r"\b(?:third|3rd|second|2nd)[- ]degree burn",
    ),
    "vision": _rx(
        r"\b(?:sudden(?:ly)?|all of a sudden|just|out of nowhere|this morning)\b.{0,30}\b(?:lost|losing|can't see|blind\w*|went (?:black|dark|blurry)|"
        r"vision (?:loss|went|is gone|gone)|double vision|seeing double)",
        r"\b(?:curtain|shade|veil|shadow|black spot)\b.{0,30}\b(?:eye|vision|sight)\b|\b(?:eye|vision)\b.{0,30}\b(?:curtain|shade)\b",
        r"\b(?:can't|cannot)\s+see\s+(?:out of|from|with|anything)",
        r"\blost (?:the |all )?(?:vision|sight)\b",
        r"\b(?:went|gone|is)\s+blind\b",
    ),
    "sepsis": _rx(r"\bsepsis\b|\bseptic\b(?!\s+tank)"),
}

# A context word anywhere in the message and a danger sign in a sentence.
_CHILD = (r"\b(?:baby|babies|infant|newborn|toddler|son|daughter|child|kid|boy|girl|grandson|"
          r"granddaughter|little one|\d+[- ]?(?:month|week|day|mo|wk)s?[- ]?old|"
          r"(?:one|two|three|four|five|six|eight|nine|ten|eleven) (?:month|week|day)s? old)\b")
_NEWBORN = r"\b(?:newborn|\d+[- ]?(?:week|day|wk)s?[- ]?old|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven) (?:week|day)s? old|[0-2][- ]?(?:month|mo)s?[- ]?old|(?:one|two) months? old)\b"
_FEVER = (r"\b(?:fever|febrile|high (?:temperature|temp)|hot to (?:the )?touch|burning up|10[0-6](?:\.\d)?|"
          r"3[89](?:\.\d)?|4[01](?:\.\d)?)\b")

COMBOS: dict[str, list[tuple[re.Pattern, re.Pattern]]] = {
    "poisoning": [
        (_rx(r"\b(?:twice|double(?:d)?|two doses|three times|a third time|extra (?:dose|pills?|tablets?)|by (?:mistake|accident)|accidentally)\b"),
         _rx(r"\b(?:feel|feels|feeling|felt|now|is|she's|he's|i'm|am|very|so|really)\s+(?:very |really |so )?(?:dizzy|faint|confused|"
             r"drowsy|sleepy|sick|shaky|weird)\b|\b(?:heart (?:is )?racing|vomiting|throwing up|can't stay awake|passed out)\b")),
        (_rx(r"\bgas (?:heater|fire|stove|boiler|furnace|leak|smell)|\bgenerator\b|\bcar running\b|\bcharcoal\b|"
             r"\b(?:wood|paraffin|kerosene) (?:stove|heater)|\bboiler\b|\bfurnace\b|\bsmell of gas\b"),
         _rx(r"\b(?:headaches?|dizz\w*|sick|nause\w*|vomit\w*|sleepy|drowsy|confus\w*|passed out|faint\w*|sluggish)\b")),
    ],
    "child": [
        (re.compile(_CHILD), _rx(
            r"\b(?:limp|floppy|lethargic|listless|lifeless|unresponsive)\b",
            r"\b(?:won't|can't|doesn't|not|hard to|cannot)\s+(?:wake|waking|stay awake|keep (?:his|her) eyes open)",
            r"\b(?:lips|face|skin|tongue)\b.{0,15}\b(?:blue|bluish|gr[ae]y|purple|mottled)",
            r"\bno (?:wet )?(?:diapers?|nappies|nappy|pee|urine)\b|\b(?:hasn't|not|hasnt|didn't)\s+(?:peed|wee\w*|urinated|had a wet)",
            r"\bsunken\b|\bsoft spot\b",
            r"\b(?:won't|not|isn't|can't|refus\w*)\s+(?:feed\w*|drink\w*|nurs\w*|tak\w* (?:the |any )?(?:bottle|milk|fluids?))",
            r"\b(?:grunting|ribs? (?:showing|sucking)|nostrils flaring|struggling to breathe|breathing (?:very )?fast)",
            r"\b(?:purple|dark) (?:spots|rash)|\brash\b.{0,30}\b(?:doesn't|does not|won't) fade",
            r"\bstridor\b|\bdrool\w*\b.{0,40}\bbreath\w*|\bbreath\w*\b.{0,40}\bdrool\w*",
            r"\b(?:high-pitched|weak) cry|\bwon't stop crying\b.{0,30}\b(?:fever|limp|vomit)",
        )),
        (re.compile(_NEWBORN), re.compile(_FEVER)),
    ],
    "head_injury": [
        (_rx(r"\b(?:hit\w*|bump\w*|bang\w*|struck|smack\w*|crack\w*|knock\w*|hurt|injur\w*)\b.{0,30}\bhead\b",
             r"\bhead (?:injury|trauma|wound)|\bconcussion\b|\bfell (?:down|off|from|and hit)|\bcar (?:accident|crash)"),
         _rx(r"\b(?:vomit\w*|throw\w* up|threw up|puk\w*|sick again)\b",
             r"\b(?:confus\w*|disoriented|not making sense|slurr\w*|can't remember|doesn't know where)",
             r"\b(?:passed out|knocked out|blacked out|unconscious|out cold|lost consciousness)",
             r"\b(?:drowsy|very sleepy|so sleepy|can't stay awake|won't wake|hard to wake)",
             r"\b(?:pupils?|one eye)\b.{0,30}\b(?:bigger|larger|different|unequal|dilated)",
             r"\b(?:blood thinners?|warfarin|coumadin|eliquis|apixaban|xarelto|rivaroxaban|clopidogrel)",
             r"\b(?:clear fluid|blood)\b.{0,20}\b(?:ears?|nose)\b",
             r"\bseiz\w*|\bworst headache|\bheadache\b.{0,20}\b(?:worse|getting worse|worsening)",
             r"\b(?:seeing double|double vision|blurr\w* vision)\b")),
    ],
    "headache": [
        (_rx(r"\bheadache|\bmigraine|\bhead (?:pain|hurts)|\bpain in (?:my|his|her) head"),
         _rx(r"\bworst (?:pain|headache)\b.{0,25}\b(?:ever|of (?:my|his|her) life)",
             r"\b(?:zero|0) to (?:ten|10)\b|\bin (?:a few )?seconds\b|\blike a (?:thunderclap|bomb|explosion|bat|hammer)",
             r"\b(?:totally|completely) different\b.{0,40}\b(?:sudden|worst|severe)")),
        (_rx(r"\bstiff neck|\bneck\b.{0,15}\b(?:stiff|rigid)|(?:can't|cannot) (?:bend|move|touch) (?:my|his|her) (?:neck|chin)"),
         re.compile(_FEVER + r"|\bheadache\b|\brash\b")),
    ],
    "pregnancy": [
        (_rx(r"\bpregnan\w*|\b\d+ ?(?:weeks?|wks?)\b.{0,15}\b(?:along|pregnant)|\b[1-4]\d ?wks?\b|\btrimester\b|\bexpecting\b|\bunborn\b"),
         _rx(r"\b(?:heav\w*|a lot of|lots of|soak\w*|gush\w*|bright red|clots?|pouring)\b.{0,25}\b(?:bleed\w*|blood)",
             r"\bbleed\w*\b.{0,25}\b(?:heav\w*|a lot|through)",
             r"\b(?:severe|terrible|really bad|sharp|unbearable|intense|excruciating|horrible)\b.{0,25}\b(?:pain|cramp\w*)",
             r"\b(?:baby|bub|fetus)\b.{0,30}\b(?:not moving|stopped moving|hasn't moved|isn't moving|no movement|less movement|moving less|hasn't kicked)",
             r"\b(?:no|can't feel|haven't felt|not felt|don't feel|haven't felt any)\b.{0,20}\b(?:movements?|kicks?|kicking)",
             r"\b(?:water|waters)\b.{0,10}\b(?:broke|broken|breaking)",
             r"\bfluid\b.{0,15}\b(?:gush\w*|leak\w*|pour\w*)",
             r"\bheadache\b.{0,50}\b(?:vision|seeing|spots|blurr\w*|swell\w*|flash\w*)",
             r"\b(?:seiz\w*|fainted|passed out)")),
    ],
    "burns": [
        (_rx(r"\bburn\w*|\bscald\w*"),
         _rx(r"\b(?:severe|severely|bad|badly|large|big|huge|deep|whole|entire|all over)\b",
             r"\b(?:white|charred|black|leathery|numb|skin (?:is )?(?:peeling|coming off|hanging))\b",
             r"\b(?:face|eyes?|airway|genital\w*)\b",
             r"\b(?:chemical|acid|lye|electric\w*|boiling|hot oil|fire|flames?|explosion)\b",
             r"\bblisters?\b.{0,30}\b(?:huge|large|big|whole|everywhere|all over)")),
    ],
    "sepsis": [
        (_rx(r"\binfect\w*|\buti\b|\bpneumonia\b|\bwound\b|\bcellulitis\b|\bafter (?:surgery|the operation|giving birth)"),
         _rx(r"\b(?:confus\w*|disoriented|not making sense|delirious)",
             r"\bmottled\b|\bblotchy\b|\bskin\b.{0,20}\b(?:blue|gr[ae]y|pale and cold)",
             r"\b(?:breathing|heart|pulse)\b.{0,20}\b(?:very fast|racing|so fast|really fast)",
             r"\b(?:feel|feels|feeling)\b.{0,10}\b(?:like (?:i'm|i am|he's|she's) (?:dying|going to die)|(?:i'm|i am) going to die)",
             r"\b(?:shivering|shaking)\b.{0,30}\b(?:fever|cold|uncontrollably)",
             r"\b(?:very )?low blood pressure\b|\bhasn't peed\b|\bno urine\b")),
    ],
}

# Asking for a way to die is urgent however it is phrased, a question included.
URGENT_ANYWAY: dict[str, re.Pattern] = {
    "suicide": _rx(
        r"\bhow (?:many|much)\b.{0,50}\b(?:to (?:die|not wake up|kill (?:me|myself|someone)|end it|never wake up|be fatal|be lethal))",
        r"\b(?:painless|easiest|quickest|fastest|best|surest) way to (?:die|kill (?:my ?self|yourself)|end (?:it|my life)|go)\b",
        r"\b(?:lethal|fatal) (?:dose|amount)\b.{0,30}\b(?:my|i have|i've got|for me)\b",
    ),
}

# Words that say a message is about an emergency topic (an info note at most).
TOPIC: dict[str, re.Pattern] = {
    "heart": _rx(r"\bheart attacks?\b|\bchest pains?\b|\bcardiac arrest\b|\bmyocardial infarction\b|\bangina\b"),
    "stroke": _rx(r"\bstrokes?\b|\btia\b|\bmini[- ]stroke\b|\bfast test\b|\bbe fast\b"),
    "breathing": _rx(r"\bchok\w*|\bheimlich\b|\basthma attacks?\b|\bcan't breathe\b"),
    "anaphylaxis": _rx(r"\banaphyla\w*|\bepi-?pens?\b|\bepinephrine\b|\bsevere allergic\b|\ballergic reactions?\b"),
    "unresponsive": _rx(r"\bcpr\b|\bunconscious\b|\bcollaps\w*|\bcardiac arrest\b|\bdefibrillat\w*|\baed\b|\bfaint\w*|\bpassing out\b|\bpass out\b"),
    "bleeding": _rx(r"\btourniquet\b|\bsevere bleeding\b|\bhemorrhag\w*|\bhaemorrhag\w*|\bvomiting blood\b|\bcoughing (?:up )?blood\b"),
    "poisoning": _rx(r"\boverdos\w*|\bpoison\w*|\b(?:lethal|toxic|fatal) (?:dose|amount)|\bcarbon monoxide\b|\bswallow\w*\b.{0,20}\b(?:battery|batteries|bleach|chemical|detergent)"),
    "suicide": _rx(r"\bsuicid\w*|\bself[- ]?harm\w*|\bcrisis line\b|\bkill(?:ing)? (?:my ?self|himself|herself|themselves)"),
    "seizure": _rx(r"\bseizures?\b|\bconvulsions?\b|\bepilep\w*|\bstatus epilepticus\b|\bfebrile\b"),
    "child": _rx(r"\b(?:baby|infant|newborn|toddler)\b.{0,40}\b(?:fever|dehydrat\w*|limp|floppy|blue|breathing)"),
    "head_injury": _rx(r"\bconcussions?\b|\bhead injur\w*|\bhead trauma\b|\bskull fracture\b"),
    "headache": _rx(r"\bmeningitis\b|\bthunderclap\b|\bbrain (?:bleed|aneurysm|hemorrhage)\b|\baneurysm\b|\bsubarachnoid\b"),
    "pregnancy": _rx(r"\bectopic\b|\bpre-?eclampsia\b|\bplacenta\w* (?:abruption|previa)|\bmiscarriage\b|\bpreterm labou?r\b"),
    "burns": _rx(r"\bburns?\b|\bscalds?\b"),
    "vision": _rx(r"\bretinal detachment\b|\bdetached retina\b|\bvision loss\b|\bsudden blindness\b"),
    "sepsis": _rx(r"\bsepsis\b|\bseptic\b(?!\s+tank)|\bsepticemia\b|\bblood poisoning\b|\btoxic shock\b"),
}
