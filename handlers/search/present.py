"""What to show of a search hit, read from the stored knowledge base: the passage in the
reader's language when the act has it, its article heading and citation, or the whole article."""

from __future__ import annotations

import html
from typing import Any

from bot.i18n import I18n
from bot.knowledge_service import KnowledgeService
from handlers.search.render import Shown, article_label, pack_messages, safe_url
from knowledge.search.articles import asked_text
from knowledge.search.citation import point_citation
from knowledge.search.engine import split_hit_id


async def present(knowledge: KnowledgeService, hit: Any, reply: I18n) -> Shown:
    """What to show of ``hit`` to a reader of ``reply.lang``: a passage in that language if the
    act has it (the same article or the translated paragraph), its heading and citation."""
    lang = reply.lang
    doc_id, passage_id = split_hit_id(hit.id)
    doc = await knowledge.document(doc_id) if doc_id and hit.kind != "faq" else None
    if doc is None:  # an FAQ answer (or a document gone from the store since)
        url = None
        if hit.doc_id:
            ref = await knowledge.document(hit.doc_id)
            url = safe_url(ref.source_url) if ref is not None else None
        return Shown(hit.title, None, hit.text, hit.source, hit.lang, url)
    url = safe_url(doc.source_url)
    if passage_id is None:  # the act itself: its summary
        labeller = reply if hit.lang == lang else reply.translator.bind(hit.lang)
        citation = knowledge.cite(doc, None, lang)
        label = labeller("search-summary")
        return Shown(
            hit.title, label, hit.text, citation.text, hit.lang, url, source_lang=citation.lang
        )
    passage = await knowledge.passage(doc_id, passage_id)
    if passage is None:
        return Shown(hit.title, None, hit.text, hit.source, hit.lang, url)
    passage = await knowledge.parallel(doc_id, passage, lang) or passage
    article = await knowledge.article(doc_id, passage)
    # the article word in the language of the text it heads
    labeller = reply if passage.lang == lang else reply.translator.bind(passage.lang)
    citation = knowledge.cite(doc, passage, lang)
    body, source = passage.text, citation.text
    point = getattr(hit, "point", None)
    asked = asked_text(body, point, getattr(hit, "sub", None)) if point else None
    only = asked is not None
    if asked:  # "п. 2 ст. 33": that point, named by the citation; the whole article on demand
        body, sub = asked
        source += point_citation(point, getattr(hit, "point_kind", None), citation.lang, sub)
    return Shown(
        title=doc.title.get(lang),
        label=article_label(labeller, passage.article, passage.heading),
        body=body,
        source=source,
        lang=passage.lang,
        url=url,
        more=len(article) > 1 or bool(only),
        source_lang=citation.lang,
        article=passage.article,
    )


async def full_article(knowledge: KnowledgeService, reply: I18n, hit: Any) -> list[str]:
    """The whole article of a passage hit (all its passages, in order), or the whole text of
    another hit, as HTML messages each within Telegram's limit."""
    lang = reply.lang
    doc_id, passage_id = split_hit_id(hit.id)
    doc = await knowledge.document(doc_id) if doc_id else None
    passages: list[Any] = []
    if doc is not None and passage_id:
        passage = await knowledge.passage(doc_id, passage_id)
        if passage is not None:
            passage = await knowledge.parallel(doc_id, passage, lang) or passage
            passages = await knowledge.article(doc_id, passage)
    if not passages:
        shown = await present(knowledge, hit, reply)
        header = f"<b>{html.escape(shown.title)}</b>"
        footer = reply("search-source", source=shown.source)
        if shown.lang != reply.lang:
            header = reply(f"search-only-{shown.lang}") + "\n\n" + header
        return pack_messages([shown.body], header=header, footer=footer)
    first = passages[0]
    labeller = reply if first.lang == lang else reply.translator.bind(first.lang)
    label = article_label(labeller, first.article, first.heading)
    header = f"<b>{html.escape(label)}</b>" if label else ""
    if first.lang != reply.lang:
        header = reply(f"search-only-{first.lang}") + ("\n\n" + header if header else "")
    footer = reply("search-source", source=knowledge.cite(doc, first, lang).text)
    texts = [p.text for p in passages]
    return pack_messages(texts, header=header, footer=footer)
