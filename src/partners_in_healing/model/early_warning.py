"""Early warning signs: rising variance and autocorrelation before a switch (van de Leemput 2014).

When the healthy valley grows shallow (the drug fades, stress piles up) the
ball rolls back more slowly after each push ("critical slowing down"): today's
mood resembles yesterday's more (lag-1 autocorrelation rises) and mood wanders
further (variance rises). This module measures both in a sliding window of
daily mood, and averages them over patients lined up on the day they switched
into the depressed valley.

``rolling_indicators`` takes any daily series (patients x days);
``aligned_on_switch`` uses the daily HAM-D scores of a landscape outcome, so
variance is in HAM-D points squared. Windows and lags are in days.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .landscape import hamd_from_mood
from .outcome import Outcome
from .validate import check_array, check_int


def _window_sums(a: np.ndarray, w: int) -> np.ndarray:
    c = np.zeros((a.shape[0], a.shape[1] + 1))
    np.cumsum(a, axis=1, out=c[:, 1:])
    return c[:, w:] - c[:, :-w]


def rolling_indicators(
    mood, window: int = 28, detrend: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Variance and lag-1 autocorrelation of ``mood`` (patients x days) in sliding windows.

    Column ``j`` of both results covers days ``j .. j + window - 1``, so there
    are ``days - window + 1`` columns. With ``detrend``, a straight line fitted
    within each window is removed first, so a slow drift alone does not count
    as a warning sign. Variance is in mood units squared; autocorrelation is
    unitless (-1 to 1; 0 when the window is flat).
    """
    x = check_array("mood", mood)
    if x.ndim == 1:
        x = x[None, :]
    if x.ndim != 2:
        raise ValueError(f"mood must be a (patients x days) array; got shape {x.shape}")
    window = check_int("window", window, 5, max(5, x.shape[1]))
    w = window
    t = np.arange(x.shape[1], dtype=float)
    s1, sx = _window_sums(np.ones_like(x), w), _window_sums(x, w)
    st = _window_sums(np.broadcast_to(t, x.shape), w)
    stt = _window_sums(np.broadcast_to(t * t, x.shape), w)
    sxx, stx = _window_sums(x * x, w), _window_sums(t * x, w)
    mean = sx / s1
    var = sxx / s1 - mean**2
    if detrend:
        cov_tx = stx / s1 - (st / s1) * mean
        var_t = stt / s1 - (st / s1) ** 2
        var = var - cov_tx**2 / var_t  # residual variance around the fitted line
        slope = cov_tx / var_t
    # lag-1 autocorrelation of the (detrended) values within the window
    a, b = x[:, :-1], x[:, 1:]
    m = w - 1
    ta, tb = t[:-1], t[1:]
    sa, sb = _window_sums(a, m), _window_sums(b, m)
    sab = _window_sums(a * b, m)
    saa, sbb = _window_sums(a * a, m), _window_sums(b * b, m)
    # the pairs of window j are (j .. j+w-2, j+1 .. j+w-1): m pairs; keep columns 0..days-w
    sa, sb, sab, saa, sbb = (v[:, : x.shape[1] - w + 1] for v in (sa, sb, sab, saa, sbb))
    if detrend:
        # remove the window's line (intercept c0, slope) from both members of each pair
        c0 = mean - slope * (st / s1)
        sta = _window_sums(np.broadcast_to(ta, a.shape), m)[:, : x.shape[1] - w + 1]
        stb = sta + m
        stta = _window_sums(np.broadcast_to(ta * ta, a.shape), m)[:, : x.shape[1] - w + 1]
        sttb = _window_sums(np.broadcast_to(tb * tb, b.shape), m)[:, : x.shape[1] - w + 1]
        stab = _window_sums(np.broadcast_to(ta * tb, a.shape), m)[:, : x.shape[1] - w + 1]
        sxa_t = _window_sums(a * ta, m)[:, : x.shape[1] - w + 1]  # sum a*t_a
        sxb_t = _window_sums(b * tb, m)[:, : x.shape[1] - w + 1]
        sxa_tb = _window_sums(a * tb, m)[:, : x.shape[1] - w + 1]
        sxb_ta = _window_sums(b * ta, m)[:, : x.shape[1] - w + 1]
        # residual r = x - c0 - slope*t; sums over pairs of r_a, r_b, r_a r_b, r_a^2, r_b^2
        ra = sa - m * c0 - slope * sta
        rb = sb - m * c0 - slope * stb
        rab = (
            sab
            - c0 * (sa + sb)
            - slope * (sxa_tb + sxb_ta)
            + m * c0**2
            + c0 * slope * (sta + stb)
            + slope**2 * stab
        )
        raa = (
            saa
            - 2 * c0 * sa
            - 2 * slope * sxa_t
            + m * c0**2
            + 2 * c0 * slope * sta
            + slope**2 * stta
        )
        rbb = (
            sbb
            - 2 * c0 * sb
            - 2 * slope * sxb_t
            + m * c0**2
            + 2 * c0 * slope * stb
            + slope**2 * sttb
        )
        sa, sb, sab, saa, sbb = ra, rb, rab, raa, rbb
    cov = sab - sa * sb / m
    den = np.sqrt(np.maximum(saa - sa**2 / m, 0.0) * np.maximum(sbb - sb**2 / m, 0.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        ac1 = np.where(den > 1e-12, cov / den, 0.0)
    return np.maximum(var, 0.0), np.clip(ac1, -1.0, 1.0)


@dataclass(frozen=True)
class Aligned:
    """Indicators averaged over patients lined up on their switch day.

    ``days_before[k]`` days before the switch, the window ended the day before
    that (so no window ever includes the switch itself).
    """

    days_before: np.ndarray
    variance: np.ndarray  # mean over switching patients (HAM-D points^2)
    autocorrelation: np.ndarray  # mean over switching patients (unitless)
    n_switches: int
    far_variance: float  # windows far from any switch: patients who never switched
    far_autocorrelation: float
    window: int


def aligned_on_switch(
    outcome: Outcome, window: int = 28, before: int = 120, detrend: bool = True
) -> Aligned:
    """Rolling variance and autocorrelation before each patient's switch (relapse), averaged.

    Indicators are computed on daily HAM-D scores. Switches are the relapse days of
    ``landscape.simulate`` (the first day of
    two weeks over the threshold). Only switches at least ``before + window``
    days after the start of follow-up count, so every curve is complete; the
    comparison ("far") uses the same days of follow-up in responders who never
    switched.
    """
    if not isinstance(outcome, Outcome) or "mood" not in outcome.extra:
        raise ValueError("outcome must be an Outcome of landscape.simulate (with daily mood)")
    window = check_int("window", window, 5, 180)
    before = check_int("before", before, 1, 720)
    ex = outcome.extra
    mood = hamd_from_mood(ex["mood"], outcome.baseline[:, None])
    start = ex["follow_from_day"]
    switch = ex["relapse_day_all"]
    ok = ~np.isnan(switch) & (switch >= start + before + window)
    idx = np.flatnonzero(ok)
    lags = np.arange(before, 0, -1)
    if idx.size == 0:
        raise ValueError(
            "no switches late enough to line up: use more patients, a longer "
            "follow-up or a smaller 'before'"
        )
    var, ac1 = rolling_indicators(mood[idx], window, detrend)
    s = switch[idx].astype(int)
    # window ending at day e = s - lag - 1 starts at column e - window + 1
    cols = (s[:, None] - lags[None, :] - 1) - window + 1
    rows = np.arange(idx.size)[:, None]
    v = var[rows, cols].mean(axis=0)
    a = ac1[rows, cols].mean(axis=0)
    never = np.flatnonzero(ex["responder"] & np.isnan(switch))
    if never.size:
        fv, fa = rolling_indicators(mood[never[:2000], start:], window, detrend)
        far_v, far_a = float(fv.mean()), float(fa.mean())
    else:
        far_v = far_a = float("nan")
    return Aligned(lags, v, a, int(idx.size), far_v, far_a, window)
