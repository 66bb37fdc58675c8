"""STORAGE_URL and the AWS_* variables become STORAGES["default"]: a bucket, always private, or
the media folder; a malformed URL is refused at start-up, saying what is wrong."""

from __future__ import annotations

import pytest

from django.core.exceptions import ImproperlyConfigured

from config.storage import S3_BACKEND, storage_from_env, storage_from_url


def test_a_storage_url_names_bucket_prefix_endpoint_and_region():
    storage = storage_from_url(
        "s3://archive-files/prod/eu?endpoint_url=http://127.0.0.1:9000&region=eu-west-1"
    )
    assert storage["BACKEND"] == S3_BACKEND
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "archive-files" and options["location"] == "prod/eu"
    assert options["endpoint_url"] == "http://127.0.0.1:9000"
    assert options["region_name"] == "eu-west-1"
    assert options["addressing_style"] == "path"  # a local server answers on a path
    # Whatever the URL says, objects are private and requests signed, nothing overwritten.
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    assert options["file_overwrite"] is False


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("gs://bucket", "must start with s3://"),
        ("s3:///prefix", "names no bucket"),
        ("s3://bucket?default_acl=public-read", "unknown option 'default_acl'"),
    ],
)
def test_a_malformed_storage_url_is_refused_saying_why(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        storage_from_url(url)


def test_the_usual_aws_variables_select_a_bucket_and_nothing_selects_the_media_folder():
    storage = storage_from_env(
        {"AWS_STORAGE_BUCKET_NAME": "files", "AWS_S3_REGION_NAME": "eu-north-1"}
    )
    assert storage["BACKEND"] == S3_BACKEND
    assert storage["OPTIONS"]["bucket_name"] == "files"
    assert storage["OPTIONS"]["region_name"] == "eu-north-1"
    assert storage["OPTIONS"]["default_acl"] == "private"
    assert storage_from_env({})["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storage_from_env({"STORAGE_URL": ""})["BACKEND"].endswith("FileSystemStorage")
