<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="tr">
<context>
    <name>BackOfficePage</name>
    <message>
        <source>Back office</source>
        <translation>Yönetim</translation>
    </message>
    <message>
        <source>Enter the owner PIN to continue.</source>
        <translation>Devam etmek için işletme sahibinin PIN kodunu girin.</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Kilidi aç</translation>
    </message>
    <message>
        <source>Overview — last 30 days</source>
        <translation>Genel bakış — son 30 gün</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Kilitle</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>Misafirler</translation>
    </message>
    <message>
        <source>Active guests</source>
        <translation>Aktif misafirler</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Ziyaretler</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Ciro</translation>
    </message>
    <message>
        <source>Visits today</source>
        <translation>Bugünkü ziyaretler</translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong PINs. Try again in %n minute(s).</source>
        <translation>
            <numerusform>Çok fazla hatalı PIN. %n dakika sonra tekrar deneyin.</numerusform>
        </translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>PIN hatalı.</translation>
    </message>
    <message>
        <source>Could not check the PIN: %1</source>
        <translation>PIN kontrol edilemedi: %1</translation>
    </message>
</context>
<context>
    <name>CounterPage</name>
    <message>
        <source>Scan a loyalty card or type its number</source>
        <translation>Sadakat kartını okutun veya numarasını yazın</translation>
    </message>
    <message>
        <source>Card number (13 digits)</source>
        <translation>Kart numarası (13 hane)</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Bul</translation>
    </message>
    <message>
        <source>Points balance</source>
        <translation>Puan bakiyesi</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Ziyaretler</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>Son ziyaret</translation>
    </message>
    <message>
        <source>This is a voucher code, not a loyalty card.</source>
        <translation>Bu bir kupon kodu, sadakat kartı değil.</translation>
    </message>
    <message>
        <source>Could not read the guest: %1</source>
        <translation>Misafir bilgisi okunamadı: %1</translation>
    </message>
    <message>
        <source>Scan a card or type its number.</source>
        <translation>Kartı okutun veya numarasını yazın.</translation>
    </message>
    <message>
        <source>A card number has digits only.</source>
        <translation>Kart numarası yalnızca rakamlardan oluşur.</translation>
    </message>
    <message>
        <source>A card number has 13 digits.</source>
        <translation>Kart numarası 13 hanelidir.</translation>
    </message>
    <message>
        <source>This number is not valid (misread or mistyped). Try again.</source>
        <translation>Bu numara geçersiz (yanlış okundu veya yazıldı). Tekrar deneyin.</translation>
    </message>
    <message>
        <source>This is not a BoostDesk card.</source>
        <translation>Bu bir BoostDesk kartı değil.</translation>
    </message>
    <message>
        <source>This code cannot be used.</source>
        <translation>Bu kod kullanılamaz.</translation>
    </message>
    <message>
        <source>Unknown card %1: enrol the guest.</source>
        <translation>Tanımsız kart %1: misafiri kaydedin.</translation>
    </message>
    <message>
        <source>Card %1</source>
        <translation>Kart %1</translation>
    </message>
    <message>
        <source>card is %1</source>
        <translation>kart %1</translation>
    </message>
    <message>
        <source>first visit</source>
        <translation>ilk ziyaret</translation>
    </message>
    <message>
        <source>today</source>
        <translation>bugün</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n gün önce</numerusform>
        </translation>
    </message>
    <message>
        <source>reported lost</source>
        <translation>kayıp bildirildi</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>engellendi</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <source>Welcome to BoostDesk</source>
        <translation>BoostDesk&apos;e hoş geldiniz</translation>
    </message>
    <message>
        <source>There is no venue in this data folder yet. Try BoostDesk on a demo café full of guests, or set up your own venue.</source>
        <translation>Bu veri klasöründe henüz bir işletme yok. BoostDesk&apos;i misafirlerle dolu bir demo kafede deneyin ya da kendi işletmenizi kurun.</translation>
    </message>
    <message>
        <source>Open the demo venue</source>
        <translation>Demo işletmeyi aç</translation>
    </message>
    <message>
        <source>Set up my venue</source>
        <translation>İşletmemi kur</translation>
    </message>
    <message>
        <source>e.g. Kahve Durağı</source>
        <translation>ör. Kahve Durağı</translation>
    </message>
    <message>
        <source>Venue name</source>
        <translation>İşletme adı</translation>
    </message>
    <message>
        <source>Owner PIN</source>
        <translation>İşletme sahibi PIN</translation>
    </message>
    <message>
        <source>Owner PIN again</source>
        <translation>İşletme sahibi PIN (tekrar)</translation>
    </message>
    <message>
        <source>Cashier PIN</source>
        <translation>Kasiyer PIN</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Geri</translation>
    </message>
    <message>
        <source>Create venue</source>
        <translation>İşletmeyi oluştur</translation>
    </message>
    <message>
        <source>PINs have 4 to 12 digits. The owner PIN opens the back office.</source>
        <translation>PIN kodları 4–12 hanelidir. İşletme sahibi PIN&apos;i yönetim bölümünü açar.</translation>
    </message>
    <message>
        <source>The two owner PINs differ.</source>
        <translation>Girilen iki PIN birbirinden farklı.</translation>
    </message>
    <message>
        <source>Give the venue a name.</source>
        <translation>İşletmeye bir ad verin.</translation>
    </message>
    <message>
        <source>The owner PIN must have 4 to 12 digits.</source>
        <translation>İşletme sahibi PIN&apos;i 4–12 haneli olmalıdır.</translation>
    </message>
    <message>
        <source>The cashier PIN must have 4 to 12 digits and differ from the owner PIN.</source>
        <translation>Kasiyer PIN&apos;i 4–12 haneli olmalı ve işletme sahibi PIN&apos;inden farklı olmalıdır.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>My venue</source>
        <translation>İşletmem</translation>
    </message>
    <message>
        <source>DEMO</source>
        <translation>DEMO</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Kasa</translation>
    </message>
    <message>
        <source>Back office</source>
        <translation>Yönetim</translation>
    </message>
    <message>
        <source>Counter (F1)</source>
        <translation>Kasa (F1)</translation>
    </message>
    <message>
        <source>Back office (F2)</source>
        <translation>Yönetim (F2)</translation>
    </message>
    <message>
        <source>Data folder: %1</source>
        <translation>Veri klasörü: %1</translation>
    </message>
    <message>
        <source>Card reader: not set up (manual entry)</source>
        <translation>Kart okuyucu: ayarlanmadı (elle giriş)</translation>
    </message>
    <message>
        <source>Card reader: connecting…</source>
        <translation>Kart okuyucu: bağlanıyor…</translation>
    </message>
    <message>
        <source>Card reader: connected</source>
        <translation>Kart okuyucu: bağlı</translation>
    </message>
    <message>
        <source>Card reader disconnected — reconnecting</source>
        <translation>Kart okuyucu bağlı değil — yeniden bağlanıyor</translation>
    </message>
</context>
<context>
    <name>application</name>
    <message>
        <source>Building the demo venue…</source>
        <translation>Demo işletme hazırlanıyor…</translation>
    </message>
    <message>
        <source>BoostDesk cannot open the venue</source>
        <translation>BoostDesk işletmeyi açamıyor</translation>
    </message>
</context>
</TS>
