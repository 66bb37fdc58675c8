"""A new index gets the primary shards the engine is given (ELASTICSEARCH_SHARDS; decision 16)."""

from __future__ import annotations

import uuid

from search.engines import elasticsearch_engine_setting, scratch_engine
from tests.elasticsearch_node import require_elasticsearch


def _shards(engine) -> set[str]:
    answer = engine.client.indices.get_settings(index=engine.alias, name="index.number_of_shards")
    return {index["settings"]["index"]["number_of_shards"] for index in answer.values()}


def test_a_rebuilt_index_has_the_shards_asked_for_and_one_by_default():
    url = require_elasticsearch()
    for options, expected in (({}, {"1"}), ({"shards": 2}, {"2"})):
        index = f"test-{uuid.uuid4().hex[:12]}"
        setting = elasticsearch_engine_setting(url, index=index, replicas=0, **options)
        with scratch_engine(setting) as engine:
            engine.rebuild([])
            assert _shards(engine) == expected
