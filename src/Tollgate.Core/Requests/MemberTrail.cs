namespace Tollgate.Core.Requests;

/// <summary>
/// Tracks the members of one object as they pass, so a removed member takes exactly one comma with it (the one
/// before it, or after it when nothing is kept before it) and an added member knows whether it needs one.
/// </summary>
internal struct MemberTrail
{
    private int _lastKeptEnd;
    private int _droppedUpTo;

    public MemberTrail()
    {
        _droppedUpTo = -1;
    }

    /// <summary>Members kept (or replaced in place) so far.</summary>
    public int Kept { get; private set; }

    /// <summary>Call before anything inside a kept member is edited: drops the comma a removed first member left behind.</summary>
    public void Keep(ref BodySplicer output, int nameStart)
    {
        if (Kept == 0 && _droppedUpTo >= 0)
        {
            output.Drop(_droppedUpTo, nameStart);
        }

        Kept++;
    }

    /// <summary>Call after a kept member's value, with the position just past it.</summary>
    public void KeptUntil(int valueEnd) => _lastKeptEnd = valueEnd;

    /// <summary>Leaves out the member from <paramref name="nameStart"/> to <paramref name="valueEnd"/>, with one comma.</summary>
    public void Remove(ref BodySplicer output, int nameStart, int valueEnd)
    {
        if (Kept > 0)
        {
            // The comma before this member goes with it; the one after it now follows the last kept member.
            output.Drop(_lastKeptEnd, valueEnd);
            _lastKeptEnd = valueEnd;
        }
        else
        {
            // Nothing kept before it: its trailing comma goes when the next kept member arrives (if one does).
            output.Drop(_droppedUpTo >= 0 ? _droppedUpTo : nameStart, valueEnd);
            _droppedUpTo = valueEnd;
        }
    }
}
