"""The knowledge domain's kinds for the access module: questions, their published answers,
resources."""

from __future__ import annotations

from sqlalchemy import and_, case

from samklang.access.registry import Kind, register
from samklang.knowledge.models import Question, Resource

register(
    Kind(
        # Every signed-in user reads a question (observers included); visitors only once its
        # answer is published as public.
        name="question",
        model=Question,
        id=Question.id,
        level=case(
            (and_(Question.answer_published, Question.answer_public), "public"),
            else_="observers",
        ),
        title=Question.title,
        url=lambda i, _: f"/questions/{i}",
        authors=Question.asker_id,
    )
)
register(
    Kind(
        # A published answer (id: the question's) is public or network-wide; a draft is the
        # project team's alone (level "workspace" without a workspace).
        name="answer",
        model=Question,
        id=Question.id,
        level=case(
            (~Question.answer_published, "workspace"),
            (Question.answer_public, "public"),
            else_="network",
        ),
        title=Question.title,
        url=lambda i, _: f"/questions/{i}",
        authors=Question.answered_by_id,
    )
)
register(
    Kind(
        name="resource",
        model=Resource,
        id=Resource.id,
        workspace=Resource.workspace_id,
        level=Resource.visibility,
        title=Resource.title,
        url=lambda i, _: f"/resources/{i}",
        authors=Resource.created_by_id,
    )
)
