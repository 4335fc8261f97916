import { test } from "node:test";
import assert from "node:assert/strict";
import { SplitPlan } from "./split-plan.js";

const members = Array.from({ length: 20 }, (_, i) => `topic-${i}`);

test("a group holds out its share, alternating validation and test, and the rest is train's", () => {
  const plan = new SplitPlan();
  plan.hold("g", members, 0.2);
  const held = plan.heldOut("g");
  assert.equal(held.length, 4);
  assert.equal(held.filter((m) => plan.of("g", m) === "validation").length, 2);
  assert.equal(held.filter((m) => plan.of("g", m) === "test").length, 2);
  assert.equal(members.filter((m) => plan.of("g", m) === "train").length, 16);
  assert.equal(plan.of("g", "never-planned"), "train");
  assert.equal(plan.of("other-group", "topic-0"), "train");
});

test("train members go anywhere; held-out members only to their own split", () => {
  const plan = new SplitPlan();
  plan.hold("g", members, 0.2);
  const v = plan.heldOut("g").find((m) => plan.of("g", m) === "validation")!;
  const t = members.find((m) => plan.of("g", m) === "train")!;
  assert.ok(plan.allows("validation", "g", v) && !plan.allows("train", "g", v) && !plan.allows("test", "g", v));
  assert.ok(plan.allows("train", "g", t) && plan.allows("validation", "g", t) && plan.allows("test", "g", t));
});

test("the choice depends only on the group and its members, not on their order", () => {
  const a = new SplitPlan();
  const b = new SplitPlan();
  a.hold("g", members, 0.2);
  b.hold("g", [...members].reverse(), 0.2);
  assert.deepEqual(a.heldOut("g").sort(), b.heldOut("g").sort());
});

test("small groups still give both held-out splits one member, and always keep one for train", () => {
  const plan = new SplitPlan();
  plan.hold("small", ["a", "b", "c", "d"], 0.1, 2);
  assert.equal(plan.heldOut("small").length, 2);
  const tiny = new SplitPlan();
  tiny.hold("tiny", ["only"], 0.5, 2);
  assert.equal(tiny.of("tiny", "only"), "train");
});
