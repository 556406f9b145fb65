"""Lexical cues for lines that are not article prose.

Each pattern names a family of page furniture by the words sites use for it,
in the languages our corpora hold most (English, German, French, Spanish,
Italian, Dutch, Portuguese, Polish). Cues are one feature among several: the
line classifier also weighs length, punctuation, position and repetition, so
a cue inside a long prose sentence does not remove it on its own.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

COOKIE = re.compile(
    r"\bcookies?\b|\bconsent\b|\bGDPR\b|\bprivacy (policy|settings|preferences)\b|"
    r"\bDatenschutz|\bEinwilligung|\bZustimmung\b|\bpolitique de confidentialité|\bconfidentialité\b|"
    r"\bpolítica de privacidad\b|\bprivacy\b",
    _I,
)
COOKIE_ACTION = re.compile(
    r"\b(accept|agree|allow|reject|decline|manage|settings|preferences|we use|uses|this (web)?site|"
    r"experience|akzeptieren|zustimmen|ablehnen|accepter|refuser|aceptar|rechazar|accetta|rifiuta)\b",
    _I,
)
BUTTON = re.compile(
    r"^(ok|okay|got it|ok, got it|i agree|agree|accept( all)?|reject( all)?|"
    r"close|dismiss|yes|no|continue|alle akzeptieren|akzeptieren|ablehnen|j'accepte|accepter|aceptar|accetto)\W*$",
    _I,
)
# The first word of a consent banner's button: an answer, a decision or a
# way to the settings ("Ok, got it", "Accept all", "Manage options", "Mehr
# erfahren"). Only looked for right beside a cookie notice (text_cleaner).
CONSENT_CONTROL = re.compile(
    r"^(ok|okay|yes|no|accept|agree|allow|reject|decline|deny|got it|i (agree|accept|understand)|continue|close|"
    r"dismiss|settings|preferences|manage|customi[sz]e|learn more|more info|read more|einverstanden|akzeptieren|"
    r"zustimmen|ablehnen|einstellungen|mehr erfahren|verstanden|accepter|refuser|paramètres|en savoir plus|"
    r"aceptar|rechazar|configurar|más información|accetta|rifiuta|impostazioni)\b",
    _I,
)
# Code and template residue. A leftover tag is lower case ("<div class"),
# unlike a title in angle quotes ("<The Quiet Hour>"). "=>" counts only
# beside a parameter list or a block ("(x) => {"): alone it is an arrow typed
# in prose ("=> see below"). Two name=value settings on one line (names of
# two or more letters, so a statistic's "n=12" is not one) are a widget's or
# template's parameters ('data-size=large width=300'); prose does not write them.
MARKUP = re.compile(
    r"\{\{|\}\}|(?-i:</?[a-z][a-z0-9]*[\s>/])|\bfunction\s*\(|\bvar \w+ ?=|\)\s*=>|=>\s*\{|\bdocument\.|window\.|"
    r"\b[a-z_][\w-]+=[(\"'\w][^=]*\b[a-z_][\w-]+=[(\"'\w]|"
    r"\[\w+[^\]]*\]\s*$|^\W*\w+\s*\{\s*$|;\s*$",
    _I,
)
COMMENT_PROMPT = re.compile(
    r"^(no |\d+ )?comments?\b|\bpost (a|your) comment\b|\bleave a (comment|reply)\b|\badd (a )?comment\b|"
    r"\bjoin the (conversation|discussion)\b|\bbe the first to comment\b|\bshow comments\b|\bview comments\b|"
    r"\bKommentar(e)?\b|\bcommentaires?\b|\bcomentarios?\b|\bcommenti\b|\breageren\b|\bkomentarz",
    _I,
)
SHARE_PROMPT = re.compile(
    r"^(share|tweet|email|print|pin it|whatsapp|facebook|twitter|linkedin|reddit|telegram|copy link)\b|"
    r"\bshare (this|on|via|the)\b|\bfollow us\b|\bsubscribe\b|\bsign up\b|\bnewsletter\b|\bclick here\b|"
    r"\bdownload (the|our) app\b|\bteilen\b|\bpartager\b|\bcompartir\b|\bcondividi\b|\babonnieren\b|"
    r"\bs'abonner\b|\bsuscr[íi]bete\b|\bregister\b|\blog ?in\b|\bsign in\b",
    _I,
)
NAVIGATION = re.compile(
    r"^(home|menu|search|type to search|skip to (main )?content|skip navigation|toggle navigation|"
    r"back to top|top|next|previous|prev|more|read more|see more|load more|show more|contact|contact us|"
    r"about|about us|terms|terms of (use|service)|imprint|impressum|sitemap|advertise|careers|"
    r"all rights reserved|startseite|suche|accueil|rechercher|inicio|buscar|cerca)\b|"
    r"\s\|\s|\s[»›>]\s|©|\ball rights reserved\b",
    _I,
)
ADVERTISEMENT = re.compile(
    r"^(advertisement|advertising|sponsored|anzeige|werbung|publicité|publicidad|pubblicità)\W*$|"
    r"\bstory continues below\b|\bcontinue reading (below|the main story)\b|\barticle continues after\b",
    _I,
)
RELATED = re.compile(
    r"^(related|related (articles|stories|news|content|posts)|read more|read also|also read|see also|"
    r"more (from|on|stories|news)|recommended|you may also like|you might also like|most (read|popular|viewed)|"
    r"trending|latest( news)?|top stories|mehr zum thema|lesen sie auch|auch interessant|à lire aussi|"
    r"lire aussi|sur le même sujet|te puede interesar|leer más|leggi anche)\b",
    _I,
)
CAPTION_CREDIT = re.compile(
    r"(\(|\b)(photo|image|picture|foto|bild|pic|credit|photograph|illustration|file photo)s?\b\s*[:/(|]|"
    r"\b(getty images|shutterstock|ap photo|afp photo|reuters/|epa-efe|imago|dpa-bildfunk|picture alliance|"
    r"reuters (image|photo|pictures)|file photo)\b|"
    r"\b(photo|image|picture|foto|bild)\s*(by|:|\u00a9|©)|\u00a9\s*\w+|©\s*\w+",
    _I,
)
# A bio opens with a name (up to four capitalised words) and says what the
# person is or does; it also names a profession. Both are required, so a news
# sentence that mentions "a former reporter" deep inside is not a bio.
BIO_OPENING = re.compile(
    r"^(?:[A-ZÀ-Ý][\w'’.-]+\s+){0,3}[A-ZÀ-Ý][\w'’.-]+,?\s+"
    r"(?:is|was|has|had|covers|writes|joined|reports|a|an|ist|est|es|è)\b"
)
BIO = re.compile(
    r"\b(journalist|reporter|correspondent|writer|editor|columnist|author|contributor|freelancer?|"
    r"staff writer|photographer|producer|Journalist(in)?|Redakteur(in)?|Korrespondent(in)?|"
    r"journaliste|rédacteur|rédactrice|periodista|redactor|giornalista|redattore)\b",
    _I,
)
BYLINE = re.compile(r"^(by|von|par|por|di|door|written by|reporting by|words by|story by)\s+[A-Z\u00c0-\u024f]", _I)
DATE_PREFIX = re.compile(
    r"^(published|updated|posted|last updated|first published|date|veröffentlicht|aktualisiert|"
    r"stand|publié|mis à jour|publicado|actualizado|pubblicato|aggiornato)\s*(on|am|le|el|il)?\s*:?\s*",
    _I,
)
PHOTO = re.compile(r"\b(photo|image|picture|foto|bild|getty|shutterstock|illustration|imago)", _I)
