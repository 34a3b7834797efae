"""The unloaded run's way of choosing actions (LOAD_TOUR, loadtest/run.py): each in turn.

Apart from locustfile.py so it can be tested without importing locust (which patches the
standard library for gevent)."""

import itertools
import random


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
