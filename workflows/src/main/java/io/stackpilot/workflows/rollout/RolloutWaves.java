package io.stackpilot.workflows.rollout;

import io.stackpilot.model.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many of a rollout's stacks have the release after each wave: "1" (one stack), "10%" (a tenth, rounded up, at
 * least one more than the wave before), "100%" (all). Waves that would add no stack are dropped; the last must reach
 * every stack. Pure, so the workflow may ask it.
 */
final class RolloutWaves {

  private static final Pattern WAVE = Pattern.compile("([1-9][0-9]{0,5})(%?)");

  private RolloutWaves() {}

  /** The cumulative number of stacks after each wave, for {@code stacks} stacks. */
  static List<Integer> plan(List<String> waves, int stacks) {
    List<Integer> reached = new ArrayList<>();
    int before = 0;
    for (int i = 0; i < waves.size(); i++) {
      Matcher m = WAVE.matcher(waves.get(i) == null ? "" : waves.get(i).strip());
      if (!m.matches() || (!m.group(2).isEmpty() && Integer.parseInt(m.group(1)) > 100)) {
        throw new InvalidConfigurationException("waves[" + i + "]: '" + waves.get(i) + "' must be a number of stacks "
            + "(1, 5) or a share of them from 1% to 100%");
      }
      int n = Integer.parseInt(m.group(1));
      int count = m.group(2).isEmpty() ? n : (int) Math.ceil(stacks * n / 100.0);
      count = Math.min(stacks, count);
      if (count < before) {
        throw new InvalidConfigurationException("waves[" + i + "]: '" + waves.get(i) + "' reaches " + count
            + " stacks, fewer than the wave before (" + before + "): waves count the stacks reached so far");
      }
      if (count > before) {
        reached.add(count);
        before = count;
      }
    }
    if (before < stacks) {
      throw new InvalidConfigurationException("waves: the last wave reaches " + before + " of " + stacks
          + " stacks; end with 100%");
    }
    return reached;
  }
}
