/// Screenplays the golden and pass tests compile. Written as Swift literals so the test target
/// has no resource files.
enum Fixtures {
    /// Every directive, in every scope.
    static let directives = #"""
Title: The Lighthouse Call
Author: Test Writer
Palette: noir
Max cut: 6s

[[@cast MARGO voice=en-us+f3 rate=170 pitch=60 look="tall, red coat" aliases=MAGS]]
[[@cast ÉTIENNE voice=en-gb+m3 look="grey ponytail"]]
[[@style grain=35mm card=ink]]

FADE IN:

EXT. LIGHTHOUSE - NIGHT #1#

[[@music mood=tense tempo=84 key=Dm instrument=strings]]
[[@style lighting=low-key]]

Waves pound the rocks. Thunder RUMBLES far out.

[[@shot close on MARGO, push-in, 4s]]
MARGO
(whispering)
Someone's still up there.

ÉTIENNE (O.S.)
Nobody has been up there for years.

MAGS (CONT'D)
Then who lit the lamp?

[[@sfx door-slam gain=-6dB]]
A door SLAMS above them.

[[@pause 1.5s]]
[[@music stop]]

SMASH CUT TO:

INT. LIGHTHOUSE - STAIRWELL - CONTINUOUS #2#

[[@ambience wind gain=-20dB]]

[[@prosody rate=90% pitch=-5 quality=breathy]]
MARGO
Hello?

ÉTIENNE
(angrily)
Come back down!

MARGO ^
(shouting)
I'm going up!

DISSOLVE TO:

INT. LIGHTHOUSE - LAMP ROOM - NIGHT #3#

[[@style palette=sepia]]
The lamp turns. Its light sweeps the water, over and over, for a long while, while MARGO stands still and watches the beam pass across the rocks, the boats, the empty harbour, and the road that leads back into town where nobody is awake to see it.

MARGO (V.O.)
I never told anyone what I found.

~Roll along, the lamp is burning

FADE OUT.
"""#

    /// No directives at all: only screenplay craft.
    static let craft = #"""
Title: Kitchen Sink

INT. KITCHEN - DAY

BOB slams the fridge. The kettle WHISTLES. A dog BARKS outside.

BOB
(sadly)
We're out of milk.

ALICE
(beat)
Again?

BOB
Again.

ALICE
(quietly)
Then we go to the shop.

CUT TO:

EXT. STREET - NIGHT

Rain. A car HONKS. Sirens WAIL in the distance.

ALICE (V.O.)
We never made it to the shop.

INT. KITCHEN - DAY

BOB
(into phone)
Are you there?
"""#
}
