import { Route, Routes } from "react-router";

import { Layout } from "./components/Layout";
import { FeedItemPage } from "./features/feed/FeedItemPage";
import { FeedPage } from "./features/feed/FeedPage";
import { ListingPage } from "./features/listing/ListingPage";
import { MyOrdersPage } from "./features/orders/MyOrdersPage";
import { ProfilePage } from "./features/profile/ProfilePage";
import { SellerPage } from "./features/seller/SellerPage";
import { NotFound } from "./components/NotFound";

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<FeedPage />} />
        <Route path="listings/:listingId" element={<ListingPage />} />
        <Route path="feed/:itemId" element={<FeedItemPage />} />
        <Route path="profiles/:address" element={<ProfilePage />} />
        <Route path="orders" element={<MyOrdersPage />} />
        <Route path="sell" element={<SellerPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
