from scriptorium_engine.batches import BatchOrder


def test_every_example_once_per_epoch_and_deterministic():
    lengths = [(i * 37) % 101 + 5 for i in range(50)]
    for grouped in (False, True):
        a = BatchOrder(lengths, 8, seed=3, group_by_length=grouped)
        b = BatchOrder(lengths, 8, seed=3, group_by_length=grouped)
        epoch0 = [a.micro_batch(i)[0] for i in range(a.per_epoch)]
        assert sorted(i for batch in epoch0 for i in batch) == list(range(50))
        assert epoch0 == [b.micro_batch(i)[0] for i in range(b.per_epoch)]
        epoch1 = [a.micro_batch(a.per_epoch + i)[0] for i in range(a.per_epoch)]
        assert epoch1 != epoch0


def test_grouping_by_length_cuts_padding():
    lengths = [(i * 37) % 301 + 20 for i in range(256)]
    plain = BatchOrder(lengths, 8, seed=0, group_by_length=False)
    grouped = BatchOrder(lengths, 8, seed=0, group_by_length=True)
    r = range(plain.per_epoch)
    assert grouped.padding_waste(r) < 0.5 * plain.padding_waste(r)
