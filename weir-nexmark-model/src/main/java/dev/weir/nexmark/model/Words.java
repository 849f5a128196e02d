package dev.weir.nexmark.model;

import java.util.List;

/** The strings of generated events: names, places, channels, and the padding of {@code extra}. */
final class Words {
    static final List<String> FIRST_NAMES = List.of("Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate",
            "Julie", "Sarah", "Deiter", "Walter");
    static final List<String> LAST_NAMES = List.of("Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton",
            "Smith", "Jones", "Noris");
    static final List<String> CITIES = List.of("Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland",
            "Bend", "Redmond", "Seattle", "Kent", "Cheyenne");
    static final List<String> STATES = List.of("AZ", "CA", "ID", "OR", "WA", "WY");

    private static final String[] HOT_CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};
    private static final int CHANNELS = 10_000;
    /** Channel {@code c}: {@code c < 4} a hot one, else {@code channel-(c-4)}; names and URLs made once, from a fixed seed. */
    private static final String[] CHANNEL_NAMES = new String[HOT_CHANNELS.length + CHANNELS];
    private static final String[] CHANNEL_URLS = new String[HOT_CHANNELS.length + CHANNELS];
    /** What {@code extra} is cut from: fixed letters, so that events do not depend on the JVM. */
    private static final String PADDING;

    static {
        SplitMixRandom random = new SplitMixRandom();
        random.reseed(0x4E45584DL, 0);
        for (int c = 0; c < CHANNEL_NAMES.length; c++) {
            boolean hot = c < HOT_CHANNELS.length;
            CHANNEL_NAMES[c] = hot ? HOT_CHANNELS[c] : "channel-" + (c - HOT_CHANNELS.length);
            String url = "https://www.nexmark.com/" + letters(random, 5, '_') + '/' + letters(random, 5, '_') + '/'
                    + letters(random, 5, '_') + "/item.htm?query=1";
            if (!hot && random.nextInt(10) > 0) {
                url += "&channel_id=" + Math.abs(Integer.reverse(c - HOT_CHANNELS.length));
            }
            CHANNEL_URLS[c] = url;
        }
        StringBuilder padding = new StringBuilder(1 << 16);
        for (int i = 0; i < 1 << 16; i++) {
            padding.append((char) ('a' + random.nextInt(26)));
        }
        PADDING = padding.toString();
    }

    private Words() {
    }

    static String pick(List<String> words, SplitMixRandom random) {
        return words.get(random.nextInt(words.size()));
    }

    /** 3 to {@code maxLength - 1} letters, one in 13 a space, trimmed. */
    static String letters(SplitMixRandom random, int maxLength) {
        return letters(random, maxLength, ' ');
    }

    private static String letters(SplitMixRandom random, int maxLength, char special) {
        int length = 3 + random.nextInt(maxLength - 3);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(13) == 0 ? special : (char) ('a' + random.nextInt(26)));
        }
        return text.toString().trim();
    }

    static String creditCard(SplitMixRandom random) {
        StringBuilder card = new StringBuilder(19);
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                card.append(' ');
            }
            int group = random.nextInt(10_000);
            card.append((char) ('0' + group / 1000)).append((char) ('0' + group / 100 % 10))
                    .append((char) ('0' + group / 10 % 10)).append((char) ('0' + group % 10));
        }
        return card.toString();
    }

    /** A channel: one of the 4 hot ones half of the time, else one of 10,000. */
    static int channel(SplitMixRandom random) {
        return random.nextInt(2) > 0 ? random.nextInt(HOT_CHANNELS.length)
                : HOT_CHANNELS.length + random.nextInt(CHANNELS);
    }

    static String channelName(int channel) {
        return CHANNEL_NAMES[channel];
    }

    static String channelUrl(int channel) {
        return CHANNEL_URLS[channel];
    }

    /** Letters that pad an event of {@code size} bytes to about {@code average} (±20 %); empty if it is larger. */
    static String extra(SplitMixRandom random, int size, int average) {
        if (size > average) {
            return "";
        }
        int wanted = average - size;
        int delta = (int) Math.round(wanted * 0.2);
        int length = wanted - delta + (delta == 0 ? 0 : random.nextInt(2 * delta));
        int offset = random.nextInt(PADDING.length() - length);
        return PADDING.substring(offset, offset + length);
    }
}
