"""How the load test's users choose and time their actions: in turn in the unloaded run
(LOAD_TOUR, loadtest/run.py), at a set pace in the loaded one.

Apart from locustfile.py so it can be tested without importing locust (which patches the
standard library for gevent)."""

import itertools
import random
import time


class Tour(list):
    """The user's actions, each once, in turn: ``random.choice`` (locust's pick of the next
    task) gets the next one whatever index it asks for."""

    def __init__(self, actions):
        super().__init__(dict.fromkeys(actions))  # each action once, in declaration order
        self.turn = itertools.cycle(list(self))

    def __getitem__(self, index):
        return next(self.turn)


class Either:
    """A yes-or-no choice within an action (verify or return): in the tour yes and no in turn,
    so that both requests get their unloaded median; otherwise yes with probability ``share``."""

    def __init__(self, share: float, *, tour: bool, chance=random.random):
        self.share, self.chance = share, chance
        self.turn = itertools.cycle([True, False]) if tour else None

    def __call__(self) -> bool:
        return next(self.turn) if self.turn is not None else self.chance() < self.share


def paced(low: float, high: float, *, clock=time.perf_counter, period=random.uniform):
    """A locust ``wait_time``: the next action starts ``period(low, high)`` seconds after the
    previous one started (the first after the first ended), the server's answer time included
    (locust's ``constant_pacing``, with jitter so that the users do not fall into step).

    So the users ask for a set number of requests per second, as people at work do, as long as
    the server answers an action within its period; beyond that each user waits for its answers
    and the rate falls to what the server serves. (With a think time after each answer instead,
    the users ask faster the faster the server answers, and a slow server is asked less.)"""

    def wait(user) -> float:
        now = clock()
        took = now - getattr(user, "_paced_next_start", now)  # the action just done
        pause = max(0.0, period(low, high) - took)
        user._paced_next_start = now + pause
        return pause

    return wait
