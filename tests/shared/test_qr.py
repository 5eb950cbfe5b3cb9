"""Card QR codes: compact signed payloads, distinct refusals, and the typed fallback code."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.errors import (
    InvalidInput,
    QrError,
    QrForeignTenant,
    QrMalformed,
    QrTampered,
    QrUnknownVersion,
)
from shared.ids import TenantId
from shared.qr import (
    MAX_CARD_VERSION,
    QrKind,
    QrPayload,
    derive_tenant_key,
    manual_code,
    match_manual_code,
    parse_qr,
    sign_qr,
    verify_qr,
)

MASTER = b"demo-master"
TENANT = TenantId("91330100MA2AXXXX1K")
NEIGHBOUR = TenantId("91330200MA2BYYYY2L")
KEY = derive_tenant_key(MASTER, TENANT)
NEIGHBOUR_KEY = derive_tenant_key(MASTER, NEIGHBOUR)
KEYS = {TENANT: KEY, NEIGHBOUR: NEIGHBOUR_KEY}

POST = QrPayload(kind=QrKind.POST, tenant=TENANT, target_id="P-0001", version=3)
ENTERPRISE = QrPayload(kind=QrKind.ENTERPRISE, tenant=TENANT, target_id="", version=1)
POST_TEXT = "SK1:P:91330100MA2AXXXX1K:P-0001:3:NYXV7LG5OJC4OH6E"
ENTERPRISE_TEXT = "SK1:E:91330100MA2AXXXX1K::1:YEFZQR6SDYZ72V4S"

QR_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
ID_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$%*+-./"
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

ids = st.text(st.sampled_from(ID_CHARS), min_size=1, max_size=32)
versions = st.integers(min_value=0, max_value=MAX_CARD_VERSION)
tenants = ids.map(TenantId)
posts = st.builds(
    QrPayload, kind=st.just(QrKind.POST), tenant=tenants, target_id=ids, version=versions
)
enterprises = st.builds(
    QrPayload,
    kind=st.just(QrKind.ENTERPRISE),
    tenant=tenants,
    target_id=st.just(""),
    version=versions,
)
payloads = posts | enterprises
keys = st.binary(min_size=1, max_size=64)


def verify_here(text: str) -> QrPayload:
    """A phone of TENANT: it accepts only its own cards and knows only its own key."""
    return verify_qr(text, key_for={TENANT: KEY}.get, accepted_tenants={TENANT})


def verify_anywhere(text: str) -> QrPayload:
    """A server that accepts every tenant it has a key for."""
    return verify_qr(text, key_for=KEYS.get, accepted_tenants=None)


# --- format ----------------------------------------------------------------------------------


def test_the_examples_in_the_module_docstring_are_real() -> None:
    assert sign_qr(POST, KEY) == POST_TEXT
    assert sign_qr(ENTERPRISE, KEY) == ENTERPRISE_TEXT
    assert manual_code(POST, KEY) == "M8Q5-5M0X"


@given(payload=payloads, key=keys)
def test_a_signed_code_uses_only_qr_alphanumeric_characters(payload: QrPayload, key: bytes) -> None:
    text = sign_qr(payload, key)
    assert set(text) <= set(QR_ALPHANUMERIC)
    assert text.startswith(f"SK1:{payload.kind.value}:{payload.tenant}:")
    assert re.fullmatch(r"[A-Z2-7]{16}", text.rsplit(":", 1)[1])


@given(payload=payloads, key=keys)
def test_any_valid_card_reads_and_verifies_back(payload: QrPayload, key: bytes) -> None:
    text = sign_qr(payload, key)
    assert parse_qr(text) == (payload, text.rsplit(":", 1)[1])
    verified = verify_qr(text, key_for={payload.tenant: key}.get, accepted_tenants=[payload.tenant])
    assert verified == payload


@pytest.mark.parametrize("around", [" ", "\n", "\r\n", "\t ", "\u3000"])
def test_whitespace_around_a_scanned_code_is_ignored(around: str) -> None:
    assert verify_here(around + POST_TEXT + around) == POST
    assert verify_here(ENTERPRISE_TEXT + around) == ENTERPRISE


def test_a_post_card_names_its_post_and_an_enterprise_card_none() -> None:
    assert POST.post_id == "P-0001"
    assert ENTERPRISE.post_id is None


# --- refusals, in the documented order ------------------------------------------------------


def test_the_four_refusals_have_distinct_codes() -> None:
    classes = [QrMalformed, QrUnknownVersion, QrForeignTenant, QrTampered]
    assert len({cls.code for cls in classes}) == len(classes)
    assert all(issubclass(cls, QrError) for cls in classes)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "garbage",
        "https://example.com/P-0001",
        "P-0001",
        "SK",
        "SK1",  # cut off before the first colon
        "SK:P:X",  # no version number
        "SKA:P:X",
        "sk1:p:91330100MA2AXXXX1K:P-0001:3:NYXV7LG5OJC4OH6E",  # not ours: lowercase
        "SK1:",
        "SK1:P:91330100MA2AXXXX1K:P-0001:3",  # no signature
        "SK1:P:91330100MA2AXXXX1K:P-0001:3:",  # empty signature
        "SK1:P:91330100MA2AXXXX1K:P-0001:3:NYXV7LG5OJC4OH6",  # 15 signature characters
        "SK1:P:91330100MA2AXXXX1K:P-0001:3:NYXV7LG5OJC4OH6EA",  # 17
        "SK1:P:91330100MA2AXXXX1K:P-0001:3:NYXV7LG5OJC4OH61",  # 1 is not base32
        "SK1:P:91330100MA2AXXXX1K:P-0001:3:nyxv7lg5ojc4oh6e",  # lowercase signature
        "SK1:P:91330100MA2AXXXX1K:P-0001:03:NYXV7LG5OJC4OH6E",  # leading zero
        "SK1:P:91330100MA2AXXXX1K:P-0001:-3:NYXV7LG5OJC4OH6E",
        "SK1:P:91330100MA2AXXXX1K:P-0001:1000000:NYXV7LG5OJC4OH6E",  # version too large
        "SK1:P:91330100MA2AXXXX1K:P-0001::NYXV7LG5OJC4OH6E",  # no version
        "SK1:X:91330100MA2AXXXX1K:P-0001:3:NYXV7LG5OJC4OH6E",  # unknown kind
        "SK1:P:91330100MA2AXXXX1K::3:NYXV7LG5OJC4OH6E",  # a post card without a post
        "SK1:E:91330100MA2AXXXX1K:P-0001:1:YEFZQR6SDYZ72V4S",  # an enterprise card with one
        "SK1:P::P-0001:3:NYXV7LG5OJC4OH6E",  # no tenant
        "SK1:P:" + "T" * 33 + ":P-0001:3:NYXV7LG5OJC4OH6E",  # tenant too long
        "SK1:P:91330100MA2AXXXX1K:" + "P" * 33 + ":3:NYXV7LG5OJC4OH6E",  # post id too long
        "SK1:P:91330100MA2AXXXX1K:P 0001:3:NYXV7LG5OJC4OH6E",  # space inside an id
        "SK1:P:91330100MA2AXXXX1K:P-0001:3:NYXV7LG5OJC4OH6E:X",  # one field too many
        "SK1:P:91330100MA2AXXXX1K:P-0001:3:NYXV7LG5OJC4OH6E\nSK1",  # two lines
        "SK1:P:91330100MA2AXXXX1K:P-０００1:3:NYXV7LG5OJC4OH6E",  # full-width digits
        "SK1:P:91330100MA2AXXXX1K:P-0001:٣:NYXV7LG5OJC4OH6E",  # Arabic-Indic digit
    ],
)
def test_anything_not_one_of_our_codes_is_malformed(text: str) -> None:
    with pytest.raises(QrMalformed):
        parse_qr(text)
    with pytest.raises(QrMalformed):
        verify_anywhere(text)


@pytest.mark.parametrize(
    ("text", "format_name"),
    [
        ("SK2:", "SK2"),
        ("SK2:anything at all, the new format may differ entirely", "SK2"),
        ("SK2:P:91330100MA2AXXXX1K:P-0001:3:NYXV7LG5OJC4OH6E", "SK2"),
        ("SK0:P:91330100MA2AXXXX1K:P-0001:3:NYXV7LG5OJC4OH6E", "SK0"),
        ("SK10:P:91330100MA2AXXXX1K:P-0001:3:NYXV7LG5OJC4OH6E", "SK10"),
        ("SK01:P:91330100MA2AXXXX1K:P-0001:3:NYXV7LG5OJC4OH6E", "SK01"),
    ],
)
def test_our_code_of_another_format_version_is_an_unknown_version(
    text: str, format_name: str
) -> None:
    with pytest.raises(QrUnknownVersion) as caught:
        verify_anywhere(text)
    assert caught.value.details == {"format": format_name}
    assert format_name in caught.value.message


def test_a_genuine_card_of_another_enterprise_is_foreign_not_tampered() -> None:
    theirs = sign_qr(POST.model_copy(update={"tenant": NEIGHBOUR}), NEIGHBOUR_KEY)
    with pytest.raises(QrForeignTenant) as caught:
        verify_here(theirs)
    assert caught.value.details == {"tenant": NEIGHBOUR}
    assert verify_anywhere(theirs).tenant == NEIGHBOUR


def test_a_card_of_a_tenant_without_a_known_key_is_foreign() -> None:
    with pytest.raises(QrForeignTenant):
        verify_qr(POST_TEXT, key_for=lambda tenant: None, accepted_tenants=None)
    with pytest.raises(QrForeignTenant):
        verify_qr(POST_TEXT, key_for=lambda tenant: b"", accepted_tenants=None)


def test_the_key_of_a_tenant_that_is_not_accepted_is_never_looked_up() -> None:
    asked: list[TenantId] = []

    def key_for(tenant: TenantId) -> bytes | None:
        asked.append(tenant)
        return KEYS.get(tenant)

    with pytest.raises(QrForeignTenant):
        verify_qr(POST_TEXT, key_for=key_for, accepted_tenants={NEIGHBOUR})
    assert asked == []
    assert verify_qr(POST_TEXT, key_for=key_for, accepted_tenants={TENANT}) == POST
    assert asked == [TENANT]


@given(key=keys)
def test_a_card_signed_with_another_key_is_tampered(key: bytes) -> None:
    forged = sign_qr(POST, key)
    if key == KEY:
        assert verify_here(forged) == POST
        return
    with pytest.raises(QrTampered) as caught:
        verify_here(forged)
    assert caught.value.details == {"tenant": TENANT}


@pytest.mark.parametrize(
    ("text", "verify", "error"),
    [
        # Another post id, version or kind under the original signature.
        (POST_TEXT.replace("P-0001", "P-0002"), verify_here, QrTampered),
        (POST_TEXT.replace(":3:", ":4:"), verify_here, QrTampered),
        (POST_TEXT.replace(":3:", ":30:"), verify_here, QrTampered),
        (POST_TEXT.replace(":P:", ":E:").replace(":P-0001:", "::"), verify_here, QrTampered),
        (ENTERPRISE_TEXT.replace(":1:", ":2:"), verify_here, QrTampered),
        # Another tenant: foreign where only ours is accepted, tampered where both are.
        (POST_TEXT.replace(TENANT, NEIGHBOUR), verify_here, QrForeignTenant),
        (POST_TEXT.replace(TENANT, NEIGHBOUR), verify_anywhere, QrTampered),
        # The signature of another card.
        (POST_TEXT[:-16] + ENTERPRISE_TEXT[-16:], verify_here, QrTampered),
    ],
)
def test_edited_fields_are_refused_with_the_documented_error(
    text: str, verify: Callable[[str], QrPayload], error: type[QrError]
) -> None:
    with pytest.raises(error) as caught:
        verify(text)
    assert type(caught.value) is error


def expected_after_one_change(original: str, index: int, char: str) -> type[QrError]:
    """The documented refusal for one character of a signed code replaced by another."""
    if char == ":" or original[index] == ":":
        return QrMalformed  # the number of fields changed
    field = original[:index].count(":")
    start = original.rfind(":", 0, index) + 1
    value = original[start : original.find(":", index) if field < 5 else len(original)]
    if field == 0:  # "SK1": only another version number is still recognisably ours
        return QrUnknownVersion if index == 2 and char.isdigit() else QrMalformed
    if field == 1:  # the kind: an unknown kind, or one that does not fit the target id
        return QrMalformed
    if field in (2, 3) and char == " ":
        return QrMalformed
    if field == 2:  # another tenant, which this phone does not accept
        return QrForeignTenant
    if field == 4 and (not char.isdigit() or (char == "0" and index == start and len(value) > 1)):
        return QrMalformed
    if field == 5 and char not in BASE32:
        return QrMalformed
    return QrTampered


@pytest.mark.parametrize(
    "original",
    [POST_TEXT, ENTERPRISE_TEXT, sign_qr(POST.model_copy(update={"version": 10}), KEY)],
)
def test_every_single_character_change_gives_exactly_the_documented_error(original: str) -> None:
    checked = 0
    for index, was in enumerate(original):
        for char in QR_ALPHANUMERIC.replace(was, ""):
            changed = original[:index] + char + original[index + 1 :]
            expected = expected_after_one_change(original, index, char)
            with pytest.raises(QrError) as caught:
                verify_qr(changed, key_for=KEYS.get, accepted_tenants={TENANT})
            assert type(caught.value) is expected, (changed, caught.value.message)
            checked += 1
    assert checked == len(original) * (len(QR_ALPHANUMERIC) - 1)


@pytest.mark.parametrize("original", [POST_TEXT, ENTERPRISE_TEXT])
def test_every_cut_off_code_is_malformed(original: str) -> None:
    for length in range(len(original)):
        with pytest.raises(QrMalformed):
            verify_here(original[:length])


@given(text=st.text())
def test_arbitrary_text_is_never_accepted(text: str) -> None:
    with pytest.raises(QrError):
        verify_anywhere(text)


@given(text=st.text(st.sampled_from(QR_ALPHANUMERIC)))
def test_arbitrary_alphanumeric_text_is_never_accepted(text: str) -> None:
    with pytest.raises(QrError):
        verify_anywhere(text)


# --- encoding refusals -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "key"),
    [
        (POST.model_copy(update={"tenant": TenantId("")}), KEY),
        (POST.model_copy(update={"tenant": TenantId("91330100ma2axxxx1k")}), KEY),  # lowercase
        (POST.model_copy(update={"tenant": TenantId("A:B")}), KEY),  # the separator
        (POST.model_copy(update={"tenant": TenantId("A B")}), KEY),
        (POST.model_copy(update={"tenant": TenantId("T" * 33)}), KEY),
        (POST.model_copy(update={"tenant": TenantId("安全")}), KEY),
        (POST.model_copy(update={"target_id": ""}), KEY),  # a post card needs its post
        (POST.model_copy(update={"target_id": "p-0001"}), KEY),
        (POST.model_copy(update={"target_id": "P:1"}), KEY),
        (POST.model_copy(update={"target_id": "P" * 33}), KEY),
        (ENTERPRISE.model_copy(update={"target_id": TENANT}), KEY),  # an enterprise card has none
        (POST.model_copy(update={"version": -1}), KEY),
        (POST.model_copy(update={"version": MAX_CARD_VERSION + 1}), KEY),
        (POST, b""),  # no key
    ],
)
def test_encoding_refuses_what_a_card_cannot_carry(payload: QrPayload, key: bytes) -> None:
    with pytest.raises(InvalidInput) as caught:
        sign_qr(payload, key)
    assert type(caught.value) is InvalidInput
    with pytest.raises(InvalidInput):
        manual_code(payload, key)


# --- keys ------------------------------------------------------------------------------------


def test_a_tenant_key_is_the_hmac_of_its_labelled_id_under_the_master_secret() -> None:
    expected = hmac.new(MASTER, b"qr-key:" + TENANT.encode(), hashlib.sha256).digest()
    assert derive_tenant_key(MASTER, TENANT) == expected
    assert len(KEY) == 32
    assert KEY != NEIGHBOUR_KEY
    assert derive_tenant_key(b"other-master", TENANT) != KEY


def test_an_empty_master_secret_is_refused() -> None:
    with pytest.raises(InvalidInput):
        derive_tenant_key(b"", TENANT)


# --- manual code -----------------------------------------------------------------------------

MANUAL_SHAPE = re.compile(rf"[{CROCKFORD}]{{4}}-[{CROCKFORD}]{{4}}")
WITH_ZERO_AND_ONE = POST.model_copy(update={"version": 9})  # its code is 1SQ0-CQBE


@given(payload=payloads, key=keys)
def test_a_manual_code_is_two_groups_of_four_crockford_characters(
    payload: QrPayload, key: bytes
) -> None:
    assert MANUAL_SHAPE.fullmatch(manual_code(payload, key))


@given(
    wanted=payloads,
    others=st.lists(payloads, max_size=5),
    key=keys,
    typing=st.sampled_from([str, str.lower, lambda c: c.replace("-", ""), lambda c: f" {c} "]),
)
def test_a_typed_manual_code_finds_its_card_among_the_known_ones(
    wanted: QrPayload, others: list[QrPayload], key: bytes, typing: Callable[[str], str]
) -> None:
    candidates = [(p, key) for p in others if p != wanted]
    candidates.insert(len(candidates) // 2, (wanted, key))
    assert match_manual_code(typing(manual_code(wanted, key)), candidates) == wanted


@pytest.mark.parametrize(
    "typed",
    [
        "1SQ0-CQBE",
        "1sq0cqbe",
        "1SQ0 CQBE",
        " 1sq0-cqbe\n",
        "ISQO-CQBE",  # I for 1, O for 0
        "lsqo-cqbe",  # l for 1
        "LSQo-CQBE",
        "1-S-Q-0-C-Q-B-E",
    ],
)
def test_a_manual_code_forgives_case_grouping_and_look_alike_letters(typed: str) -> None:
    assert manual_code(WITH_ZERO_AND_ONE, KEY) == "1SQ0-CQBE"
    assert match_manual_code(typed, [(POST, KEY), (WITH_ZERO_AND_ONE, KEY)]) == WITH_ZERO_AND_ONE


def test_every_one_character_typo_of_a_manual_code_matches_nothing() -> None:
    code = manual_code(POST, KEY).replace("-", "")
    candidates = [(POST, KEY), (ENTERPRISE, KEY), (WITH_ZERO_AND_ONE, KEY)]
    tried = 0
    for index, was in enumerate(code):
        for char in CROCKFORD.replace(was, ""):
            assert match_manual_code(code[:index] + char + code[index + 1 :], candidates) is None
            tried += 1
    assert tried == 8 * 31


@given(payload=payloads, key=keys, index=st.integers(0, 7), shift=st.integers(1, 31))
def test_a_near_miss_never_opens_the_card(
    payload: QrPayload, key: bytes, index: int, shift: int
) -> None:
    code = manual_code(payload, key).replace("-", "")
    char = CROCKFORD[(CROCKFORD.index(code[index]) + shift) % 32]
    assert match_manual_code(code[:index] + char + code[index + 1 :], [(payload, key)]) is None


@pytest.mark.parametrize(
    ("changed", "key"),
    [
        (POST.model_copy(update={"version": 4}), KEY),  # a reprinted card retires the old code
        (POST.model_copy(update={"target_id": "P-0002"}), KEY),
        (POST.model_copy(update={"tenant": NEIGHBOUR}), NEIGHBOUR_KEY),
        (POST, NEIGHBOUR_KEY),
    ],
)
def test_the_manual_code_depends_on_every_field_and_the_key(changed: QrPayload, key: bytes) -> None:
    assert match_manual_code(manual_code(POST, KEY), [(changed, key)]) is None


def test_no_known_cards_match_nothing() -> None:
    assert match_manual_code("M8Q5-5M0X", []) is None


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "M8Q5-5M0",  # 7 characters
        "M8Q5-5M0XX",  # 9
        "M8Q5-5M0U",  # U is not Crockford
        "M8Q5_5M0X",  # only dashes and spaces group
        "M8Q5-5M0!",
        "M8Q5-5M0Ｘ",  # full-width
        "SK1:P:91330100MA2AXXXX1K:P-0001:3:NYXV7LG5OJC4OH6E",  # a QR text is not a manual code
    ],
)
def test_a_manual_code_of_the_wrong_length_or_characters_is_malformed(typed: str) -> None:
    with pytest.raises(QrMalformed):
        match_manual_code(typed, [(POST, KEY)])
