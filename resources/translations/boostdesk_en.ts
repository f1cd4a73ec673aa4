<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>BackupPage</name>
    <message numerus="yes">
        <source>Last backup %n day(s) ago.</source>
        <translation>
            <numerusform>Last backup %n day ago.</numerusform>
            <numerusform>Last backup %n days ago.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The passphrase needs at least %n character(s).</source>
        <translation>
            <numerusform>The passphrase needs at least %n character.</numerusform>
            <numerusform>The passphrase needs at least %n characters.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CounterPage</name>
    <message numerus="yes">
        <source>%n voucher(s) printed: hand them over.</source>
        <translation>
            <numerusform>%n voucher printed: hand it over.</numerusform>
            <numerusform>%n vouchers printed: hand them over.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Welcome bonus %1, usable from the next visit within %n day(s).</source>
        <translation>
            <numerusform>Welcome bonus %1, usable from the next visit within %n day.</numerusform>
            <numerusform>Welcome bonus %1, usable from the next visit within %n days.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomSizes</name>
    <message numerus="yes">
        <source>%1: %n guest(s)</source>
        <translation>
            <numerusform>%1: %n guest</numerusform>
            <numerusform>%1: %n guests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more in Custom segments</source>
        <translation>
            <numerusform>%n more in Custom segments</numerusform>
            <numerusform>%n more in Custom segments</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomersSection</name>
    <message numerus="yes">
        <source>%n guest(s)</source>
        <translation>
            <numerusform>%n guest</numerusform>
            <numerusform>%n guests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n guest(s) exported to %1</source>
        <translation>
            <numerusform>%n guest exported to %1</numerusform>
            <numerusform>%n guests exported to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardSection</name>
    <message numerus="yes">
        <source>%n %1 guest(s) slipped to %2 this week</source>
        <translation>
            <numerusform>%n %1 guest slipped to %2 this week</numerusform>
            <numerusform>%n %1 guests slipped to %2 this week</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n %1 guest(s) moved up to %2 this week</source>
        <translation>
            <numerusform>%n %1 guest moved up to %2 this week</numerusform>
            <numerusform>%n %1 guests moved up to %2 this week</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DestructionModel</name>
    <message numerus="yes">
        <source>Inactive for more than %n year(s)</source>
        <translation>
            <numerusform>Inactive for more than %n year</numerusform>
            <numerusform>Inactive for more than %n years</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GuestPanel</name>
    <message numerus="yes">
        <source>%n this month</source>
        <translation>
            <numerusform>%n this month</numerusform>
            <numerusform>%n this month</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n voucher(s) to hand over</source>
        <translation>
            <numerusform>%n voucher to hand over</numerusform>
            <numerusform>%n vouchers to hand over</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n to print</source>
        <translation>
            <numerusform>%n to print</numerusform>
            <numerusform>%n to print</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Birthday in %n day(s)</source>
        <translation>
            <numerusform>Birthday in %n day</numerusform>
            <numerusform>Birthday in %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more visit(s) in 30 days → %1</source>
        <translation>
            <numerusform>%n more visit in 30 days → %1</numerusform>
            <numerusform>%n more visits in 30 days → %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GuestText</name>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in the last 30 days</source>
        <translation>
            <numerusform>%n in the last 30 days</numerusform>
            <numerusform>%n in the last 30 days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n visit(s) in the last %1 days, spend %2</source>
        <translation>
            <numerusform>%n visit in the last %1 days, spend %2</numerusform>
            <numerusform>%n visits in the last %1 days, spend %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n more visit(s) a month</source>
        <translation>
            <numerusform>%1: %n more visit a month</numerusform>
            <numerusform>%1: %n more visits a month</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportSection</name>
    <message numerus="yes">
        <source>%n bad row(s): nothing was imported. Fix them and check again.</source>
        <translation>
            <numerusform>%n bad row: nothing was imported. Fix it and check again.</numerusform>
            <numerusform>%n bad rows: nothing was imported. Fix them and check again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The file is fine: %n row(s) would be imported.</source>
        <translation>
            <numerusform>The file is fine: %n row would be imported.</numerusform>
            <numerusform>The file is fine: %n rows would be imported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n new guest(s).</source>
        <translation>
            <numerusform>Imported %n new guest.</numerusform>
            <numerusform>Imported %n new guests.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already known.</source>
        <translation>
            <numerusform>%n already known.</numerusform>
            <numerusform>%n already known.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n visit(s).</source>
        <translation>
            <numerusform>Imported %n visit.</numerusform>
            <numerusform>Imported %n visits.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new guest(s).</source>
        <translation>
            <numerusform>%n new guest.</numerusform>
            <numerusform>%n new guests.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MatrixModel</name>
    <message numerus="yes">
        <source>%n guest(s) moved from %1 to %2</source>
        <translation>
            <numerusform>%n guest moved from %1 to %2</numerusform>
            <numerusform>%n guests moved from %1 to %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MovementsSection</name>
    <message numerus="yes">
        <source>%n move(s) between segments from %1 to %2.</source>
        <translation>
            <numerusform>%n move between segments from %1 to %2.</numerusform>
            <numerusform>%n moves between segments from %1 to %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message numerus="yes">
        <source>%n day(s) before the birthday</source>
        <translation>
            <numerusform>%n day before the birthday</numerusform>
            <numerusform>%n days before the birthday</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) before the name day</source>
        <translation>
            <numerusform>%n day before the name day</numerusform>
            <numerusform>%n days before the name day</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) before a family birthday</source>
        <translation>
            <numerusform>%n day before a family birthday</numerusform>
            <numerusform>%n days before a family birthday</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) before points expire</source>
        <translation>
            <numerusform>%n day before points expire</numerusform>
            <numerusform>%n days before points expire</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PrivacySection</name>
    <message numerus="yes">
        <source>Every night, guests with no visit for more than %n year(s) are anonymised (now: those last seen before %1).</source>
        <translation>
            <numerusform>Every night, guests with no visit for more than %n year are anonymised (now: those last seen before %1).</numerusform>
            <numerusform>Every night, guests with no visit for more than %n years are anonymised (now: those last seen before %1).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportsSection</name>
    <message numerus="yes">
        <source>%n page(s).</source>
        <translation>
            <numerusform>%n page.</numerusform>
            <numerusform>%n pages.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanLogDialog</name>
    <message numerus="yes">
        <source>Last %n scan(s)</source>
        <translation>
            <numerusform>Last %n scan</numerusform>
            <numerusform>Last %n scans</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n scan(s) shown</source>
        <translation>
            <numerusform>%n scan shown</numerusform>
            <numerusform>%n scans shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SegmentExplainer</name>
    <message numerus="yes">
        <source>%n visit(s) in 30 days, average bill %1</source>
        <translation>
            <numerusform>%n visit in 30 days, average bill %1</numerusform>
            <numerusform>%n visits in 30 days, average bill %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n visit(s) in the last 30 days</source>
        <translation>
            <numerusform>%n visit in the last 30 days</numerusform>
            <numerusform>%n visits in the last 30 days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>First visit within the last %n day(s)</source>
        <translation>
            <numerusform>First visit within the last %n day</numerusform>
            <numerusform>First visit within the last %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>One visit so far, %n day(s) ago</source>
        <translation>
            <numerusform>One visit so far, %n day ago</numerusform>
            <numerusform>One visit so far, %n days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last visit %n day(s) ago, longer than usual</source>
        <translation>
            <numerusform>Last visit %n day ago, longer than usual</numerusform>
            <numerusform>Last visit %n days ago, longer than usual</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last visit %n day(s) ago (lost after %1 days)</source>
        <translation>
            <numerusform>Last visit %n day ago (lost after %1 days)</numerusform>
            <numerusform>Last visit %n days ago (lost after %1 days)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last visit %n day(s) ago (gone after %1 days)</source>
        <translation>
            <numerusform>Last visit %n day ago (gone after %1 days)</numerusform>
            <numerusform>Last visit %n days ago (gone after %1 days)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SegmentsSection</name>
    <message numerus="yes">
        <source>%n group(s) of conditions made elsewhere are kept as saved.</source>
        <translation>
            <numerusform>%n group of conditions made elsewhere is kept as saved.</numerusform>
            <numerusform>%n groups of conditions made elsewhere are kept as saved.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SignInGate</name>
    <message numerus="yes">
        <source>Too many wrong PINs. Try again in %n minute(s).</source>
        <translation>
            <numerusform>Too many wrong PINs. Try again in %n minute.</numerusform>
            <numerusform>Too many wrong PINs. Try again in %n minutes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TodayPanel</name>
    <message numerus="yes">
        <source>%n visit(s)</source>
        <translation>
            <numerusform>%n visit</numerusform>
            <numerusform>%n visits</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VoucherBatch</name>
    <message numerus="yes">
        <source>Print %n ticked</source>
        <translation>
            <numerusform>Print %n ticked voucher</numerusform>
            <numerusform>Print %n ticked vouchers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n voucher(s) printed.</source>
        <translation>
            <numerusform>%n voucher printed.</numerusform>
            <numerusform>%n vouchers printed.</numerusform>
        </translation>
    </message>
</context>
</TS>
