"""The object-store destination's pure parts (sync/_store.py): URLs, the record read back from metadata, what a
store error says. The sync itself runs against a real S3 API in tests/reliability/test_sync_s3.py."""

from __future__ import annotations

import pytest

from cubicasa_integrate.errors import ConfigurationError
from cubicasa_integrate.sync import FileKey, S3Destination
from cubicasa_integrate.sync._store import _content_type, _decode, _encode, _stored, _validator

KEY = FileKey("order-1", "listing_floorplans", "png_urls", "plan-0123456789.png")
SHA = "ab" * 32


def test_the_url_names_bucket_and_prefix_and_the_key_follows_the_folder_layout() -> None:
    destination = S3Destination("s3://floorplans//cubicasa/mirror/")
    assert (destination.bucket, destination.prefix, destination.url) == (
        "floorplans",
        "cubicasa/mirror",
        str(destination),
    )
    assert destination.key(KEY) == "cubicasa/mirror/order-1/listing_floorplans/png_urls/plan-0123456789.png"
    assert S3Destination("S3://floorplans").key(KEY) == "order-1/listing_floorplans/png_urls/plan-0123456789.png"
    assert repr(S3Destination("s3://floorplans")) == "S3Destination('s3://floorplans')"


@pytest.mark.parametrize(
    "url", ["floorplans/x", "s3://", "s3://a", "s3://bad_bücket/x", "s3://b\x1bucket/x", "s3://bucket/\x00"]
)
def test_a_url_that_names_no_bucket_is_a_configuration_error(url: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        S3Destination(url)
    assert "\x1b" not in str(raised.value)
    assert "\x00" not in str(raised.value)


def attributes(**overrides: str) -> dict[str, str]:
    found = {
        "cubicasa-record": "1",
        "cubicasa-sha256": SHA,
        "cubicasa-size": "12",
        "cubicasa-etag": _encode('"v1"'),
        "cubicasa-last-modified": _encode("Mon, 07 Dec 2026 11:52:43 GMT"),
        "cubicasa-synced-at": "1796562763.5",
    }
    return found | overrides


def test_an_object_with_our_metadata_is_its_row() -> None:
    stored = _stored(KEY, attributes(), {"size": 12, "e_tag": '"store"'})
    assert stored.e_tag == '"store"'
    assert stored.row is not None
    assert (stored.row.size, stored.row.sha256, stored.row.etag) == (12, SHA, '"v1"')
    assert (stored.row.last_modified, stored.row.synced_at) == ("Mon, 07 Dec 2026 11:52:43 GMT", 1796562763.5)


@pytest.mark.parametrize(
    "broken",
    [{"cubicasa-size": "13"}, {"cubicasa-size": "twelve"}, {"cubicasa-sha256": "nope"}, {"cubicasa-sha256": ""}],
)
def test_metadata_that_disagrees_with_the_object_is_no_row(broken: dict[str, str]) -> None:
    """Another tool's object, or one whose size is not the recorded one: replaced, never trusted."""
    assert _stored(KEY, attributes(**broken), {"size": 12, "e_tag": '"store"'}).row is None
    assert _stored(KEY, {}, {"size": 12, "e_tag": None}).row is None


def test_metadata_keys_are_read_in_any_case_and_a_bad_time_is_zero() -> None:
    upper = {name.upper(): value for name, value in attributes(**{"cubicasa-synced-at": "soon"}).items()}
    row = _stored(KEY, upper, {"size": 12}).row
    assert row is not None
    assert row.synced_at == 0.0


def test_validators_travel_as_printable_ascii_and_come_back_the_same() -> None:
    for value in ('"v1"', 'W/"x y"', "Mon, 07 Dec 2026 11:52:43 GMT", "100% é\n"):
        encoded = _encode(value)
        assert encoded.isascii()
        assert all(32 <= ord(char) < 127 for char in encoded)
        assert _decode(encoded) == value
    assert _decode("") is None
    assert _validator("x" * 257) is None  # S3 keeps 2 KB of metadata: an absurd validator is not recorded
    assert _validator('"v1"') == '"v1"'


def test_a_content_type_is_carried_over_only_when_it_is_plain_text() -> None:
    import httpx

    def kind(value: str) -> str | None:
        return _content_type(httpx.Response(200, headers={"content-type": value}))

    assert kind("image/png") == "image/png"
    assert kind("image/png\x1b[31m") is None
    assert kind("x" * 300) is None
    assert _content_type(httpx.Response(200)) is None


def test_what_a_store_error_says() -> None:
    destination = S3Destination("s3://floorplans/p")
    destination.endpoint = "http://127.0.0.1:9000"

    def said(text: str) -> str:
        return destination.explain(RuntimeError(text + "\n\nDebug source:\nthe whole request, again"))

    assert said("404: <Error><Code>NoSuchBucket</Code></Error>") == (
        "s3://floorplans/p: the bucket 'floorplans' does not exist at http://127.0.0.1:9000"
    )
    assert said("403: <Error><Code>InvalidAccessKeyId</Code></Error>") == (
        "s3://floorplans/p: the store refused the credentials (InvalidAccessKeyId) at http://127.0.0.1:9000"
    )
    assert said("connection refused\x1b[2J") == "s3://floorplans/p: connection refused\\x1b[2J"


def test_what_a_refused_put_says() -> None:
    """The store's refusal of one object, in one escaped line: "full or over its quota" when it is one (a 507,
    a quota or storage-full code, or words naming either), the store's code and words, never a credential."""
    from cubicasa_integrate._logging import hold, release

    destination = S3Destination("s3://floorplans/p")
    url = "s3://floorplans/p/order-1/listing_floorplans/png_urls/plan-0123456789.png"

    def said(status: str, body: str = "") -> str:
        text = f"Generic S3 error: Error performing PUT http://h/{url[5:]} - Server returned non-2xx status code: "
        return destination.refused(RuntimeError(f"{text}{status}: {body}\n\nDebug source:\nagain"), url)

    def xml(code: str, message: str) -> str:
        return f'<?xml version="1.0"?>\n<Error><Code>{code}</Code><Message>{message}</Message></Error>'

    full = f"{url}: the store is full or over its quota and refused the write"
    minio = "Storage backend has reached its minimum free drive threshold."
    assert said("507 Insufficient Storage", xml("XMinioStorageFull", minio)) == f"{full} (XMinioStorageFull: {minio})"
    assert said("403 Forbidden", xml("QuotaExceeded", "")) == f"{full} (QuotaExceeded)"
    assert said("400 Bad Request", xml("XMinioAdminBucketQuotaExceeded", "Bucket quota exceeded")) == (
        f"{full} (XMinioAdminBucketQuotaExceeded: Bucket quota exceeded)"
    )
    assert said("403 Forbidden", xml("AccessDenied", "Cannot upload files, storage cap exceeded.")) == (
        f"{full} (AccessDenied: Cannot upload files, storage cap exceeded.)"
    )
    assert said("507 Insufficient Storage") == f"{full} (HTTP 507)"
    assert said("403 Forbidden", xml("AccessDenied", "Access Denied")) == (
        f"{url}: the store refused the write (AccessDenied: Access Denied)"
    )
    secret = frozenset({"refused-put-secret-" + "9" * 20})
    hold(secret)  # as the credential provider holds the keys it read
    try:
        hostile = said("403 Forbidden", xml("QuotaExceeded", f"over &lt;quota&gt;\x1b[2J\nfor {min(secret)}\u202e"))
    finally:
        release(secret)
    assert hostile == f"{full} (QuotaExceeded: over <quota>\\x1b[2J\\nfor <redacted>\\u202e)"
    assert destination.refused(RuntimeError("connection reset\x1b[2J"), url) == f"{url}: connection reset\\x1b[2J"
