using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tollgate.Core.Routing;

public static partial class PromptScan
{
    /// <summary>
    /// The bytes other than letters that a cue can start with (<see cref="PromptCues"/>): the text is searched for them
    /// a block at a time. A cue that starts with a space starts with two.
    /// </summary>
    internal static ReadOnlySpan<byte> SymbolStarts => "%$`>#=})\" "u8;

    private const int Block = 64;

    private partial struct Tally
    {
        /// <summary>
        /// Lower-cases <paramref name="text"/> in place and counts its sentences, numbers and number words and the cues
        /// in it. The text is read 64 bytes at a time into one bit per byte for each class a count depends on (letter,
        /// digit, number separator, sentence end, white space, space, a symbol a cue starts with): numbers and sentences
        /// are counted from those bits, and only a word's start and a symbol are visited one at a time.
        /// </summary>
        private void Analyse(Span<byte> text)
        {
            var blocks = (text.Length + Block - 1) / Block;

            // One bit per letter, and a last block of none: a word's length is read across a block's end.
            Span<ulong> letters = stackalloc ulong[blocks + 1];
            Span<byte> tail = stackalloc byte[Block];
            var previous = default(Masks);
            for (var block = 0; block < blocks; block++)
            {
                var offset = block * Block;
                Masks masks;
                if (offset + Block <= text.Length)
                {
                    masks = Masks.Of(ref MemoryMarshal.GetReference(text[offset..]));
                }
                else
                {
                    // The last, shorter block: read from a copy padded with zeros, which are of no class.
                    var rest = text[offset..];
                    rest.CopyTo(tail);
                    masks = Masks.Of(ref MemoryMarshal.GetReference(tail));
                    tail[..rest.Length].CopyTo(rest);
                }

                letters[block] = masks.Letters;
                Count(masks, previous);
                MatchSymbols(text, offset, masks, previous);
                previous = masks;
            }

            if (text.Length > 0 && text[^1] is (byte)'.' or (byte)'?' or (byte)'!')
            {
                _sentences++;
            }

            MatchWords(text, letters);
        }

        /// <summary>
        /// Numbers (a digit that does not go on one: digits, with a '.' or ',' between digits, are one number) and
        /// sentence ends ('.', '?' or '!' before white space; before the end of the text, counted by the caller).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Count(in Masks masks, in Masks previous)
        {
            var digitBefore = (masks.Digits << 1) | (previous.Digits >> 63);
            var digitTwoBefore = (masks.Digits << 2) | (previous.Digits >> 62);
            var separatorBefore = (masks.Separators << 1) | (previous.Separators >> 63);
            _numbers += BitOperations.PopCount(masks.Digits & ~digitBefore & ~(separatorBefore & digitTwoBefore));

            var endBefore = (masks.Ends << 1) | (previous.Ends >> 63);
            _sentences += BitOperations.PopCount(masks.WhiteSpace & endBefore);
        }

        /// <summary>The cues that start with a symbol, tried where one is (a space only where the one before it is a space too).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void MatchSymbols(ReadOnlySpan<byte> text, int offset, in Masks masks, in Masks previous)
        {
            var symbols = masks.Symbols;
            while (symbols != 0)
            {
                var position = offset + BitOperations.TrailingZeroCount(symbols);
                symbols &= symbols - 1;
                if (PromptCues.MayStartAt(text, position))
                {
                    PromptCues.Match(text, position, ref _cues);
                }
            }

            var spacePairs = masks.Spaces & ((masks.Spaces << 1) | (previous.Spaces >> 63));
            while (spacePairs != 0)
            {
                var position = offset + BitOperations.TrailingZeroCount(spacePairs) - 1;
                spacePairs &= spacePairs - 1;
                PromptCues.Match(text, position, ref _cues);
            }
        }

        /// <summary>Each word (a run of letters): the cues that start where it starts, and whether it is a number word.</summary>
        private void MatchWords(ReadOnlySpan<byte> text, ReadOnlySpan<ulong> letters)
        {
            var before = 0UL;
            for (var block = 0; block < letters.Length - 1; block++)
            {
                var current = letters[block];
                var starts = current & ~((current << 1) | (before >> 63));
                before = current;
                while (starts != 0)
                {
                    var bit = BitOperations.TrailingZeroCount(starts);
                    starts &= starts - 1;
                    var start = (block * Block) + bit;
                    if (!PromptCues.MayMatterAt(text, start))
                    {
                        continue;
                    }

                    var length = BitOperations.TrailingZeroCount(~(current >> bit));
                    if (length == Block - bit)
                    {
                        length += BitOperations.TrailingZeroCount(~letters[block + 1]);
                    }

                    if (PromptCues.MayStartWordAt(text, start))
                    {
                        PromptCues.Match(text, start, ref _cues);
                    }

                    // Without a branch on the length, which follows the words and so cannot be predicted: a word not of
                    // three to eight letters is looked up as well, and not counted.
                    var counted = (uint)(length - 3) <= 8 - 3;
                    var packed = start + sizeof(ulong) <= text.Length
                        ? BinaryPrimitives.ReadUInt64LittleEndian(text[start..]) & (ulong.MaxValue >> ((64 - (8 * length)) & 63))
                        : PromptCues.Pack(text.Slice(start, Math.Min(length, sizeof(ulong))));
                    _numberWords += counted & PromptCues.IsPackedNumberWord(packed) ? 1 : 0;
                }
            }
        }
    }

    /// <summary>One bit per byte of a 64-byte block for each class of byte the scan counts or stops at.</summary>
    private readonly record struct Masks(ulong Letters, ulong Digits, ulong Separators, ulong Ends, ulong WhiteSpace, ulong Spaces, ulong Symbols)
    {
        /// <summary>The masks of the 64 bytes at <paramref name="block"/>, which are lower-cased in place (<c>A</c>–<c>Z</c> only).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Masks Of(ref byte block)
        {
            var low = HalfMasks.Of(ref block);
            var high = HalfMasks.Of(ref Unsafe.Add(ref block, Vector256<byte>.Count));
            return new Masks(
                low.Letters | ((ulong)high.Letters << 32), low.Digits | ((ulong)high.Digits << 32),
                low.Separators | ((ulong)high.Separators << 32), low.Ends | ((ulong)high.Ends << 32),
                low.WhiteSpace | ((ulong)high.WhiteSpace << 32), low.Spaces | ((ulong)high.Spaces << 32),
                low.Symbols | ((ulong)high.Symbols << 32));
        }
    }

    /// <summary>The masks of 32 bytes.</summary>
    private readonly record struct HalfMasks(uint Letters, uint Digits, uint Separators, uint Ends, uint WhiteSpace, uint Spaces, uint Symbols)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static HalfMasks Of(ref byte bytes)
        {
            var raw = Vector256.LoadUnsafe(ref bytes);
            var upper = Vector256.LessThan(raw - Vector256.Create((byte)'A'), Vector256.Create((byte)26));
            var text = raw | (upper & Vector256.Create((byte)0x20));
            text.StoreUnsafe(ref bytes);

            var letters = Vector256.LessThan(text - Vector256.Create((byte)'a'), Vector256.Create((byte)26));
            var digits = Vector256.LessThan(text - Vector256.Create((byte)'0'), Vector256.Create((byte)10));
            var dots = Vector256.Equals(text, Vector256.Create((byte)'.'));
            var separators = dots | Vector256.Equals(text, Vector256.Create((byte)','));
            var ends = dots | Vector256.Equals(text, Vector256.Create((byte)'?')) | Vector256.Equals(text, Vector256.Create((byte)'!'));
            var spaces = Vector256.Equals(text, Vector256.Create((byte)' '));
            var whiteSpace = spaces | Vector256.Equals(text, Vector256.Create((byte)'\n')) | Vector256.Equals(text, Vector256.Create((byte)'\r'))
                | Vector256.Equals(text, Vector256.Create((byte)'\t'));

            // SymbolStarts but the space.
            var symbols = Vector256.Equals(text, Vector256.Create((byte)'%')) | Vector256.Equals(text, Vector256.Create((byte)'$'))
                | Vector256.Equals(text, Vector256.Create((byte)'`')) | Vector256.Equals(text, Vector256.Create((byte)'>'))
                | Vector256.Equals(text, Vector256.Create((byte)'#')) | Vector256.Equals(text, Vector256.Create((byte)'='))
                | Vector256.Equals(text, Vector256.Create((byte)'}')) | Vector256.Equals(text, Vector256.Create((byte)')'))
                | Vector256.Equals(text, Vector256.Create((byte)'"'));
            return new HalfMasks(
                letters.ExtractMostSignificantBits(), digits.ExtractMostSignificantBits(), separators.ExtractMostSignificantBits(),
                ends.ExtractMostSignificantBits(), whiteSpace.ExtractMostSignificantBits(), spaces.ExtractMostSignificantBits(),
                symbols.ExtractMostSignificantBits());
        }
    }
}
