"""Placeholder; being implemented."""
from typing import Any

async def answer(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def ask(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def assign(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def content_disposition(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def create_collection(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def create_resource(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def create_topic(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def delete_collection(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def delete_resource(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def download(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def faq(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def get_collection(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def get_question(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def get_resource(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def list_collections(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def list_questions(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def list_resources(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def list_topics(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def merge(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def queue(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def reader(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def search(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def similar(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def storage_for(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def update_collection(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def update_resource(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def update_topic(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError

async def vote(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError
