from analysis.normalize import fa, ar
from analysis.normalize.common import align


def test_persian_and_arabic_spellings_share_keys():
    # The same name typed in each script meets on one key: the basis of cross-script matching.
    assert fa.token_keys("بلینکن")[0] == ar.token_keys("بلينكن")[0]
    assert fa.token_keys("رییس")[0] == ar.token_keys("رئيس")[0]


def test_align_skips_pieces_the_tokenizer_rewrote():
    assert align("ab cd ef", ["ab", "XX", "ef"], offset=10) == [(10, 12, "ab"), (16, 18, "ef")]
